-- An identity document sent for a request whose verification staff doubted: stamped with a watermark, sealed with
-- the keyring (AES-256-GCM) and deleted as soon as the verification is decided; the history keeps only the fact.
CREATE TABLE request_document (
    request_id   uuid        PRIMARY KEY REFERENCES request (id),
    id           uuid        NOT NULL,
    media_type   text        NOT NULL,
    key_id       text        NOT NULL,
    sealed       bytea       NOT NULL,
    uploaded_at  timestamptz NOT NULL
);
