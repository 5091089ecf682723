-- Appends one audit entry in a single round trip: lock the chain, read the last entry, insert the next one.
-- The hash layout is the one JdbcAuditTrail.hash verifies: SHA-256 over the length-prefixed fields
-- "previous hash | id | <tail>", where the caller computes <tail> (time, actor, action, target, subject, purpose,
-- details) exactly as before; only the previous hash and the id, which only the database knows under the lock, are
-- put in front here. Both are ASCII, so length() counts the same as Java's String.length().
CREATE FUNCTION audit_append(
    p_occurred_at    TIMESTAMPTZ,
    p_actor_type     TEXT,
    p_actor_id       TEXT,
    p_action         TEXT,
    p_target_type    TEXT,
    p_target_id      TEXT,
    p_subject_id     TEXT,
    p_purpose        TEXT,
    p_details        JSONB,
    p_canonical_tail TEXT)
    RETURNS TABLE (entry_id BIGINT, entry_previous_hash TEXT, entry_hash TEXT)
    LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_id   BIGINT;
    v_prev TEXT;
    v_hash TEXT;
BEGIN
    -- Serialises appends, so every entry links to exactly one predecessor. The key earlier versions used (0x5761617241756474).
    PERFORM pg_advisory_xact_lock(6296420897393042548);
    -- A statement in a volatile function sees what committed before it started, so after the lock this is the
    -- newest entry even in READ COMMITTED (a single INSERT ... SELECT would read a snapshot older than the lock).
    SELECT e.id, e.hash INTO v_id, v_prev FROM audit_entry e ORDER BY e.id DESC LIMIT 1;
    v_id := coalesce(v_id, 0) + 1;
    v_prev := coalesce(v_prev, repeat('0', 64));
    v_hash := encode(sha256(convert_to(
        length(v_prev) || ':' || v_prev || '|' || length(v_id::text) || ':' || v_id::text || '|' || p_canonical_tail,
        'UTF8')), 'hex');
    INSERT INTO audit_entry (id, occurred_at, actor_type, actor_id, action, target_type, target_id, subject_id,
                             purpose, details, previous_hash, hash)
    VALUES (v_id, p_occurred_at, p_actor_type, p_actor_id, p_action, p_target_type, p_target_id, p_subject_id,
            p_purpose, p_details, v_prev, v_hash);
    RETURN QUERY SELECT v_id, v_prev, v_hash;
END;
$$;
