-- The period a client organisation chose for a category whose register rule is "set by the client organisation":
-- recorded with the day it was chosen, who entered it and the reference of the client's written instruction. A new
-- choice supersedes the previous one, which stays as history.
CREATE TABLE retention_client_period (
    id                    uuid        PRIMARY KEY,
    organisation_id       uuid        NOT NULL,
    category_key          text        NOT NULL,
    period                text        NOT NULL,
    chosen_on             date        NOT NULL,
    instruction_reference text        NOT NULL,
    entered_by            text        NOT NULL,
    entered_at            timestamptz NOT NULL,
    superseded_at         timestamptz
);
CREATE UNIQUE INDEX retention_client_period_current
    ON retention_client_period (organisation_id, category_key) WHERE superseded_at IS NULL;

-- A run expires a client-set category once for everyone else and once per client with its own period: a receipt per
-- run, category, place and client organisation (none for everyone else).
ALTER TABLE retention_receipt ADD COLUMN organisation_id uuid;
ALTER TABLE retention_receipt DROP CONSTRAINT retention_receipt_run_id_category_key_store_key;
CREATE UNIQUE INDEX retention_receipt_once
    ON retention_receipt (run_id, category_key, store, coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'));
