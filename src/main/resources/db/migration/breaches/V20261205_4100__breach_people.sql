-- The people a breach concerns, as found in Waarborg's own store by the breach's scope (its categories and a time
-- window): subject ids only, and when their letter was queued. The letter goes through the mail outbox under the key
-- breach:<reference>:person:<subject>, queued in the same transaction as letter_queued_at: each person gets it once.
CREATE TABLE breach_person (
    breach_id         uuid        NOT NULL REFERENCES breach (id),
    subject_id        uuid        NOT NULL,
    found_at          timestamptz NOT NULL,
    letter_queued_at  timestamptz,
    by_post           boolean     NOT NULL DEFAULT false,
    PRIMARY KEY (breach_id, subject_id)
);
