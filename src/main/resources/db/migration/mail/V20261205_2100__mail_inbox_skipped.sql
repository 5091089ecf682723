-- Messages of the mailbox that could not be taken in (unreadable, or refused while being stored): by UID and the kind
-- of failure only, so staff can find them in the mailbox. Nothing of their content or sender is kept here.
CREATE TABLE mail_inbox_skipped (
    folder       text        NOT NULL,
    uid_validity bigint      NOT NULL,
    uid          bigint      NOT NULL,
    reason       text        NOT NULL,
    at           timestamptz NOT NULL,
    PRIMARY KEY (folder, uid_validity, uid)
);
