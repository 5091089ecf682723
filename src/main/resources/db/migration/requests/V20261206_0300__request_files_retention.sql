-- Request files expire (the register row covering privacy.rights_request). The consent ledger outlives them and is
-- never rewritten: it keeps a request's id as a reference, like the audit trail, without a foreign key that would
-- stop the request from going.
DO $$
DECLARE
    c name;
BEGIN
    FOR c IN
        SELECT conname FROM pg_constraint
         WHERE conrelid = 'consent_event'::regclass AND contype = 'f' AND confrelid = 'request'::regclass
    LOOP
        EXECUTE format('ALTER TABLE consent_event DROP CONSTRAINT %I', c);
    END LOOP;
END
$$;
-- Deleting a request clears the requests that named it as their duplicate, found by this index.
CREATE INDEX request_duplicate_of ON request (duplicate_of) WHERE duplicate_of IS NOT NULL;
