-- How far the mailbox has been read: the highest IMAP UID handled, valid while the folder's UIDVALIDITY stays.
CREATE TABLE mail_inbox_state (
    folder       text   PRIMARY KEY,
    uid_validity bigint NOT NULL,
    last_uid     bigint NOT NULL
);
