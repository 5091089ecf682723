-- Data sent directly to another provider at the person's request (Art. 20(2)): one row per request and destination,
-- written before sending, so a send cut off mid-way is repeated with the same idempotency key and a finished one is
-- never sent twice. Only the destination, the package's hash and the answer are kept, not the data.
CREATE TABLE request_transmission (
    id               uuid        PRIMARY KEY,
    request_id       uuid        NOT NULL REFERENCES request (id),
    destination      text        NOT NULL,
    idempotency_key  text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('SENDING', 'SENT', 'FAILED')),
    attempts         integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL,
    sent_at          timestamptz,
    response_status  integer,
    sha256           text,
    UNIQUE (request_id, destination)
);

-- Art. 19: every recipient the person's data went to is told of a rectification, erasure or restriction. One row per
-- request, recipient and right; staff record when and how it was told (the recipients' privacy contacts are kept
-- with the recipients, issue 16).
CREATE TABLE request_recipient_notice (
    id             uuid        PRIMARY KEY,
    request_id     uuid        NOT NULL REFERENCES request (id),
    recipient_key  text        NOT NULL,
    recipient_name text        NOT NULL,
    right_type     text        NOT NULL,
    categories     text[]      NOT NULL,
    created_at     timestamptz NOT NULL,
    told_at        timestamptz,
    told_by        text,
    how            text,
    UNIQUE (request_id, recipient_key, right_type)
);
