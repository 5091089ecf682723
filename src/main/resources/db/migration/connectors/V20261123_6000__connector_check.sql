-- The last connection test per system, shown in the console; the audit trail keeps every test.
CREATE TABLE connector_check (
    system     text PRIMARY KEY,
    checked_at timestamptz NOT NULL,
    ok         boolean     NOT NULL,
    detail     text        NOT NULL,
    checked_by text        NOT NULL
);
