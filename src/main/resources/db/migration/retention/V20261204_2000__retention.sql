-- Legal holds: a police or court demand, a dispute or a complaint suspends deletion of what it covers, in every place.
-- A hold is never deleted: lifting it records who lifted it, when and why.
CREATE TABLE retention_hold (
    id           uuid        PRIMARY KEY,
    scope        text        NOT NULL CHECK (scope IN ('SUBJECT', 'ORGANISATION', 'SERVICE_DELIVERED', 'CATEGORY', 'TIME_RANGE')),
    target_id    uuid,
    category_key text,
    from_date    date,
    to_date      date,
    reason       text        NOT NULL,
    reference    text        NOT NULL,
    placed_by    text        NOT NULL,
    placed_at    timestamptz NOT NULL,
    review_on    date        NOT NULL,
    reviewed_by  text,
    reviewed_at  timestamptz,
    lifted_by    text,
    lifted_at    timestamptz,
    lift_reason  text,
    CHECK ((scope IN ('SUBJECT', 'ORGANISATION', 'SERVICE_DELIVERED')) = (target_id IS NOT NULL)),
    CHECK (scope <> 'CATEGORY' OR category_key IS NOT NULL),
    CHECK (scope <> 'TIME_RANGE' OR (from_date IS NOT NULL AND to_date IS NOT NULL AND from_date <= to_date))
);
CREATE INDEX retention_hold_active ON retention_hold (scope) WHERE lifted_at IS NULL;

-- One retention run: scheduled, from the CLI or the API. A run whose finished_at is empty was cut off; the next run
-- finishes it first with the same operation ids, so every item is counted once.
CREATE TABLE retention_run (
    id           uuid        PRIMARY KEY,
    as_of        date        NOT NULL,
    category_key text,
    trigger      text        NOT NULL,
    started_by   text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    attempts     int         NOT NULL DEFAULT 1
);
CREATE INDEX retention_run_unfinished ON retention_run (started_at) WHERE finished_at IS NULL;

-- The proof: one receipt per run, category and place. Never personal data; never changed once written.
CREATE TABLE retention_receipt (
    id               uuid        PRIMARY KEY,
    run_id           uuid        NOT NULL REFERENCES retention_run (id),
    category_key     text        NOT NULL,
    store            text        NOT NULL,
    store_type       text        NOT NULL,
    register_version int         NOT NULL,
    rule             text        NOT NULL,
    as_of            date        NOT NULL,
    cutoff           timestamptz,
    status           text        NOT NULL CHECK (status IN ('DONE', 'PENDING', 'FAILED', 'SKIPPED', 'HELD')),
    removed          bigint      NOT NULL,
    held             bigint      NOT NULL,
    reference        text,
    detail           text,
    duration_ms      bigint      NOT NULL,
    written_at       timestamptz NOT NULL,
    UNIQUE (run_id, category_key, store)
);
CREATE INDEX retention_receipt_category ON retention_receipt (category_key, store, written_at DESC);

CREATE FUNCTION retention_receipt_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'retention_receipt is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER retention_receipt_immutable BEFORE UPDATE OR DELETE ON retention_receipt
    FOR EACH ROW EXECUTE FUNCTION retention_receipt_immutable();
