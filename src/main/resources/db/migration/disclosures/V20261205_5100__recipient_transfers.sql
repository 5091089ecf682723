-- What was actually sent to a recipient of the register, for whom, when: the systems that send data (billing to the
-- invoicing platform, the alarm centre) report each transfer, so that an access answer names the recipients of the
-- person's own data (Art. 15(1)(c)). A transfer is reported once per recipient, person and the sender's reference.
CREATE TABLE recipient_transfer (
    id            uuid        PRIMARY KEY,
    recipient_key text        NOT NULL,
    subject_id    uuid        NOT NULL,
    categories    text[]      NOT NULL,
    sent_at       timestamptz NOT NULL,
    reference     text        NOT NULL,
    recorded_by   text        NOT NULL,
    created_at    timestamptz NOT NULL,
    UNIQUE (recipient_key, subject_id, reference)
);
CREATE INDEX recipient_transfer_subject ON recipient_transfer (subject_id, sent_at);
