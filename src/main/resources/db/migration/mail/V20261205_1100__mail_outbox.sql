-- The outbox: a message is stored in the transaction of what it reports (a request received, extended, answered)
-- and sent afterwards by OutboxSender. Its key makes storing it twice impossible; its state makes sending it twice
-- impossible short of a crash between the mail server's acceptance and the commit of SENT (then the same
-- Message-ID is sent again, which mail programs show once).
CREATE TABLE mail_message (
    id              uuid        PRIMARY KEY,
    key             text        NOT NULL UNIQUE,
    reference       text        NOT NULL,
    recipient       text,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    language        text        NOT NULL,
    created_at      timestamptz NOT NULL,
    -- PENDING → SENDING → SENT, back to PENDING after a failure, FAILED after the last attempt; POST when there is
    -- no e-mail address to send to: staff print and post it.
    state           text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    claimed_at      timestamptz,
    sent_at         timestamptz,
    last_error      text
);

CREATE INDEX mail_message_due ON mail_message (next_attempt_at) WHERE state IN ('PENDING', 'SENDING');
CREATE INDEX mail_message_reference ON mail_message (reference, created_at);
