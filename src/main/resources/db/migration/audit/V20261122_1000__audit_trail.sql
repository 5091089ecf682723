-- Append-only, hash-chained audit trail. Entries hold references only, never personal data.
CREATE TABLE audit_entry (
    id            BIGINT PRIMARY KEY,            -- gapless: assigned under an advisory lock, a gap means a deleted row
    occurred_at   TIMESTAMPTZ NOT NULL,
    actor_type    TEXT        NOT NULL,
    actor_id      TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    target_type   TEXT        NOT NULL,
    target_id     TEXT,
    subject_id    TEXT,
    purpose       TEXT,
    details       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    previous_hash TEXT        NOT NULL,
    hash          TEXT        NOT NULL
);

CREATE INDEX audit_entry_subject_idx ON audit_entry (subject_id, id) WHERE subject_id IS NOT NULL;
CREATE INDEX audit_entry_target_idx ON audit_entry (target_type, target_id, id);
CREATE INDEX audit_entry_actor_idx ON audit_entry (actor_type, actor_id, id);
CREATE INDEX audit_entry_time_idx ON audit_entry (occurred_at);

-- The application may only append. Changing history needs a superuser who disables this trigger on purpose,
-- and the hash chain then shows it.
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER audit_entry_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();

CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();

-- Results of the scheduled chain verification, shown on the dashboard.
CREATE TABLE audit_verification (
    id              BIGSERIAL PRIMARY KEY,
    checked_at      TIMESTAMPTZ NOT NULL,
    intact          BOOLEAN     NOT NULL,
    checked         BIGINT      NOT NULL,
    first_broken_id BIGINT,
    reason          TEXT
);
