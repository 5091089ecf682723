-- Every applied register is an immutable version; nothing here is ever updated or deleted.
CREATE TABLE register_version (
    number          integer     PRIMARY KEY,
    applied_at      timestamptz NOT NULL,
    author          text        NOT NULL,
    change_summary  text        NOT NULL,
    in_force_from   date        NOT NULL,
    content_hash    char(64)    NOT NULL,
    -- Canonical JSON as text, not jsonb: jsonb reorders keys and the hash is over these exact bytes.
    content         text        NOT NULL,
    categories      integer     NOT NULL
);

CREATE INDEX register_version_hash ON register_version (content_hash);

CREATE FUNCTION register_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'register versions are immutable';
END;
$$;

CREATE TRIGGER register_version_no_change BEFORE UPDATE OR DELETE ON register_version
    FOR EACH ROW EXECUTE FUNCTION register_version_immutable();
