-- The ledger of mutating operations (erase, restrict, lift, expire) per place where personal data lives. A place
-- inside Waarborg adds its counts in the same transaction as the work, batch by batch, so that an operation cut off
-- mid-way and run again counts every item once; a finished operation (DONE) is answered from here without asking
-- the place again. For systems outside Waarborg the counts are what the system reported.
CREATE TABLE store_operation (
    operation_id text        NOT NULL,
    store        text        NOT NULL,
    action       text        NOT NULL CHECK (action IN ('erase', 'restrict', 'lift', 'expire')),
    status       text        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'PENDING', 'FAILED', 'SKIPPED')),
    affected     bigint      NOT NULL DEFAULT 0,
    excluded     bigint      NOT NULL DEFAULT 0,
    reference    text,
    detail       text,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    PRIMARY KEY (operation_id, store, action)
);
-- A staff task or another system's reference that finishes an operation later.
CREATE INDEX store_operation_reference ON store_operation (reference) WHERE status = 'PENDING';
