-- One row per published statement: the register version it was generated from, the date it took effect and the hash
-- of its text. A register version that does not change the text makes no new row; it is only noted as checked.
CREATE TABLE statement_version (
    number            integer     PRIMARY KEY,
    register_version  integer     NOT NULL,
    effective_from    date        NOT NULL,
    created_at        timestamptz NOT NULL,
    content_hash      char(64)    NOT NULL
);

CREATE TABLE statement_register_check (
    register_version   integer     PRIMARY KEY,
    statement_version  integer     NOT NULL REFERENCES statement_version (number),
    checked_at         timestamptz NOT NULL
);

CREATE FUNCTION statement_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'statement versions are immutable';
END;
$$;

CREATE TRIGGER statement_version_no_change BEFORE UPDATE OR DELETE ON statement_version
    FOR EACH ROW EXECUTE FUNCTION statement_version_immutable();
