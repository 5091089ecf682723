-- The signed processing agreements (Art. 28) as PDF, sealed with the keyring like other sensitive files: each upload
-- kept (the newest is the agreement in force), its SHA-256 to show it is the document signed.
CREATE TABLE agreement_document (
    id          uuid        PRIMARY KEY,
    party_key   text        NOT NULL,
    file_name   text        NOT NULL,
    size_bytes  bigint      NOT NULL,
    sha256      text        NOT NULL,
    key_id      text        NOT NULL,
    sealed      bytea       NOT NULL,
    uploaded_by text        NOT NULL,
    uploaded_at timestamptz NOT NULL
);
CREATE INDEX agreement_document_party ON agreement_document (party_key, uploaded_at DESC);
