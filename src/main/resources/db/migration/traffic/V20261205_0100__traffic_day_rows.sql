-- How many calls each UTC-day partition holds, kept by the database itself so that a retention run can record
-- what a dropped day held without counting a million rows first (the count cost half as much as the DROP).
-- Statement-level triggers on the partitioned table see every insert and delete made through traffic_cdr, by any
-- path (ingest, an operator's SQL); a partition dropped whole takes its row with it (TrafficPartitions). A statement
-- fires the statement triggers of the table it names only, so every partition gets the same triggers (here for the
-- existing ones, in TrafficPartitions for new ones): SQL aimed at a partition table itself is counted too.
-- No CHECK (rows >= 0): a count gone wrong must never stop a deletion.
CREATE TABLE traffic_day_rows (
    day  date   PRIMARY KEY,
    rows bigint NOT NULL
);

INSERT INTO traffic_day_rows (day, rows)
SELECT (call_start AT TIME ZONE 'UTC')::date, count(*) FROM traffic_cdr GROUP BY 1;

CREATE FUNCTION traffic_day_rows_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In day order, so that two imports touching the same days lock their rows in the same order.
    INSERT INTO traffic_day_rows AS t (day, rows)
    SELECT (call_start AT TIME ZONE 'UTC')::date, count(*) FROM inserted_calls GROUP BY 1 ORDER BY 1
        ON CONFLICT (day) DO UPDATE SET rows = t.rows + excluded.rows;
    RETURN NULL;
END
$$;

CREATE FUNCTION traffic_day_rows_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE traffic_day_rows t SET rows = t.rows - d.n
      FROM (SELECT (call_start AT TIME ZONE 'UTC')::date AS day, count(*) AS n FROM deleted_calls GROUP BY 1) d
     WHERE t.day = d.day;
    RETURN NULL;
END
$$;

CREATE TRIGGER traffic_cdr_rows_inserted AFTER INSERT ON traffic_cdr
    REFERENCING NEW TABLE AS inserted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_inserted();
CREATE TRIGGER traffic_cdr_rows_deleted AFTER DELETE ON traffic_cdr
    REFERENCING OLD TABLE AS deleted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_deleted();

DO $$
DECLARE
    partition regclass;
BEGIN
    FOR partition IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'traffic_cdr'::regclass LOOP
        EXECUTE format('CREATE TRIGGER traffic_cdr_rows_inserted AFTER INSERT ON %s REFERENCING NEW TABLE AS inserted_calls'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_inserted()', partition);
        EXECUTE format('CREATE TRIGGER traffic_cdr_rows_deleted AFTER DELETE ON %s REFERENCING OLD TABLE AS deleted_calls'
                       ' FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_deleted()', partition);
    END LOOP;
END
$$;
