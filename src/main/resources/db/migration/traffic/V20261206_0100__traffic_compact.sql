-- Traffic data in a compact layout (issue 20): 434 bytes per stored call became about half, without losing what an
-- access answer, a billing dispute or a lawful demand needs. What changed, and how every value is rebuilt exactly:
--   record_id      uuid -> bigint: the first 64 bits of the name-based UUID it was (version bits included), so a file
--                  sent again after this migration is still recognised; unique together with the call's start.
--   import_id      uuid -> import_no, the import's small number (traffic_import.no).
--   source_format  dropped: the import's format (traffic_import.format) says it.
--   calling_number, called_number text -> bigint: the E.164 number's digits without its '+' (at most fifteen, never
--                  a leading zero), 8 bytes in the row and in each number index instead of 13 or more; the functions
--                  traffic_number and traffic_numbers turn E.164 text into them, the caller writes '+' before them.
--   context, disposition -> ids into traffic_label, where each distinct text is stored once.
--   calling_raw, called_raw -> NULL where the raw number is the E.164 number written as the PBX writes it; the form is
--                  kept in `forms` (bits 0-1 calling, 2-3 called: 1 = as E.164, 2 = 0 + national number of a +31
--                  number, 3 = 00 + E.164 digits; 0 = the raw column as stored).
--   answer_at, end_at -> NULL where they follow from the start and the durations (forms bit 4: end = start +
--                  duration; bit 5: answer = end - billable seconds).
--   number indexes on the number alone: B-tree deduplication stores a number once per page with all its calls,
--                  and a day's partition holds few calls per number, sorted after they are found.
--   partitions     one per Amsterdam day instead of one per UTC day (traffic_cdr_pYYYYMMDD, the day in Amsterdam):
--                  a call is due on its Amsterdam day plus the retention period, so a partition's calls are due
--                  together and a daily retention run drops it whole, where a UTC day's partition held the first hours
--                  of the next Amsterdam day and most of each day was deleted row by row. traffic_day_rows counts
--                  by Amsterdam day accordingly. A partition spans 23 or 25 hours on the days the clocks change.
-- Calls migrated here keep their end and answer times and caller ids whole (only raw numbers are compacted); calls
-- imported from now on leave out those that follow (bits 4-6 of `forms`, set by the ingest; see CdrForms).
-- Columns are ordered 8-byte, 4-byte, 2-byte, then text, so that no row pads between them.

ALTER TABLE traffic_import ADD COLUMN no integer GENERATED ALWAYS AS IDENTITY;
ALTER TABLE traffic_import ADD CONSTRAINT traffic_import_no UNIQUE (no);

-- Imports the old rows name but the import table lacks (an operator's SQL): recorded, so that every call has one.
INSERT INTO traffic_import (id, format, started_at, finished_at, outcome)
SELECT c.import_id, min(c.source_format), min(c.call_start), min(c.call_start), 'MIGRATED'
  FROM traffic_cdr c
 WHERE NOT EXISTS (SELECT 1 FROM traffic_import i WHERE i.id = c.import_id)
 GROUP BY c.import_id;

CREATE TABLE traffic_label (
    id    integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text NOT NULL UNIQUE
);

INSERT INTO traffic_label (label)
SELECT context FROM traffic_cdr WHERE context IS NOT NULL
 UNION
SELECT disposition FROM traffic_cdr WHERE disposition IS NOT NULL;

-- E.164 text ('+' and digits, the first not 0) as stored in traffic_cdr; NULL for anything else, so that a malformed
-- number finds nothing instead of failing. E.164 allows fifteen digits; up to nineteen are let through where they fit
-- in a bigint (libphonenumber calls some longer national numbers possible), as CdrForms.storable does in Java.
CREATE FUNCTION traffic_number(p_e164 TEXT) RETURNS BIGINT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN p_e164 ~ '^\+[1-9][0-9]{0,17}$'
                  OR (p_e164 ~ '^\+[1-9][0-9]{18}$' AND substr(p_e164, 2) <= '9223372036854775807')
                THEN substr(p_e164, 2)::bigint END;

CREATE FUNCTION traffic_numbers(p_e164 TEXT[]) RETURNS BIGINT[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN ARRAY(SELECT traffic_number(n) FROM unnest(p_e164) n WHERE traffic_number(n) IS NOT NULL);

-- The functions return rows of the old table's type: they go first and come back below.
DROP FUNCTION traffic_lookup(TEXT[], TIMESTAMPTZ, TIMESTAMPTZ, INTEGER, INTEGER, BOOLEAN);
DROP FUNCTION traffic_calls(TEXT[], TIMESTAMPTZ, TIMESTAMPTZ, INTEGER, INTEGER, BOOLEAN);
DROP FUNCTION traffic_call_totals(TEXT[], TIMESTAMPTZ, TIMESTAMPTZ);

ALTER TABLE traffic_cdr RENAME TO traffic_cdr_before_compact;
-- The old indexes (and the unique constraints' indexes) give up their names, the new ones take them.
DO $$
DECLARE
    idx regclass;
BEGIN
    FOR idx IN
        SELECT x.indexrelid::regclass FROM pg_index x
         WHERE x.indrelid = 'traffic_cdr_before_compact'::regclass
            OR x.indrelid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'traffic_cdr_before_compact'::regclass)
    LOOP
        EXECUTE format('ALTER INDEX %s RENAME TO %I', idx, 'traffic_before_compact_' || idx::oid);
    END LOOP;
END
$$;

CREATE TABLE traffic_cdr (
    call_start     timestamptz NOT NULL,
    record_id      bigint      NOT NULL,
    calling_number bigint,      -- E.164 digits; NULL when the source number is an extension or unknown
    called_number  bigint,      -- idem
    answer_at      timestamptz,
    end_at         timestamptz,
    import_no      integer     NOT NULL,
    duration_s     integer,
    billsec_s      integer,
    context_id     integer,
    disposition_id integer,
    forms          smallint    NOT NULL DEFAULT 0,
    calling_raw    text,
    called_raw     text,
    caller_id      text,
    account_code   text,
    channel        text,
    dst_channel    text,
    unique_id      text,
    CONSTRAINT traffic_cdr_record UNIQUE (record_id, call_start)
) PARTITION BY RANGE (call_start);

CREATE INDEX traffic_cdr_calling ON traffic_cdr (calling_number);
CREATE INDEX traffic_cdr_called ON traffic_cdr (called_number);

-- Counted by Amsterdam day from now on, as the partitions are.
CREATE OR REPLACE FUNCTION traffic_day_rows_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In day order, so that two imports touching the same days lock their rows in the same order.
    INSERT INTO traffic_day_rows AS t (day, rows)
    SELECT (call_start AT TIME ZONE 'Europe/Amsterdam')::date, count(*) FROM inserted_calls GROUP BY 1 ORDER BY 1
        ON CONFLICT (day) DO UPDATE SET rows = t.rows + excluded.rows;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION traffic_day_rows_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE traffic_day_rows t SET rows = t.rows - d.n
      FROM (SELECT (call_start AT TIME ZONE 'Europe/Amsterdam')::date AS day, count(*) AS n FROM deleted_calls
             GROUP BY 1) d
     WHERE t.day = d.day;
    RETURN NULL;
END
$$;

-- One partition per Amsterdam day the old UTC-day partitions cover (a UTC day spans two Amsterdam days), then each
-- old partition's calls through the new table into them, day by day; the counts are taken afresh at the end.
DO $$
DECLARE
    old regclass;
    first_day date;
    last_day date;
    d date;
BEGIN
    FOR old IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'traffic_cdr_before_compact'::regclass
    LOOP
        EXECUTE format('ALTER TABLE %s RENAME TO %I', old, old::text || '_before_compact');
    END LOOP;
    SELECT min((lower_bound AT TIME ZONE 'Europe/Amsterdam')::date),
           max(((upper_bound - interval '1 microsecond') AT TIME ZONE 'Europe/Amsterdam')::date)
      INTO first_day, last_day
      FROM (SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
                   (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'traffic_cdr_before_compact'::regclass) b (lower_bound, upper_bound)
     WHERE isfinite(lower_bound) AND isfinite(upper_bound);
    -- A call without a day cannot go into a day's partition: stop with the reason rather than lose it.
    IF EXISTS (SELECT 1 FROM traffic_cdr_before_compact WHERE NOT isfinite(call_start)) THEN
        RAISE EXCEPTION 'traffic_cdr holds calls whose start is infinity or -infinity (an operator''s SQL);'
            ' correct or delete them, then start Waarborg again';
    END IF;
    -- Calls outside every day's partition (an operator's default partition) get their days too.
    SELECT least(first_day, min((call_start AT TIME ZONE 'Europe/Amsterdam')::date)),
           greatest(last_day, max((call_start AT TIME ZONE 'Europe/Amsterdam')::date))
      INTO first_day, last_day
      FROM traffic_cdr_before_compact
     WHERE first_day IS NULL OR call_start < (first_day::timestamp AT TIME ZONE 'Europe/Amsterdam')
        OR call_start >= ((last_day + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam');
    d := first_day;
    WHILE d <= last_day LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF traffic_cdr FOR VALUES FROM (%L) TO (%L)',
                       'traffic_cdr_p' || to_char(d, 'YYYYMMDD'),
                       d::timestamp AT TIME ZONE 'Europe/Amsterdam',
                       (d + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam');
        EXECUTE format('CREATE TRIGGER traffic_cdr_rows_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS'
                       ' inserted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_inserted()',
                       'traffic_cdr_p' || to_char(d, 'YYYYMMDD'));
        EXECUTE format('CREATE TRIGGER traffic_cdr_rows_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS'
                       ' deleted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_deleted()',
                       'traffic_cdr_p' || to_char(d, 'YYYYMMDD'));
        d := d + 1;
    END LOOP;
    FOR old IN
        SELECT i.inhrelid::regclass FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'traffic_cdr_before_compact'::regclass ORDER BY c.relname
    LOOP
        -- Through traffic_cdr, which routes each call to its Amsterdam day's partition; the parent's count triggers
        -- are created below, after the counts are taken.
        EXECUTE format($q$
            INSERT INTO traffic_cdr (call_start, record_id, calling_number, called_number, answer_at, end_at,
                            import_no, duration_s, billsec_s, context_id, disposition_id, forms, calling_raw,
                            called_raw, caller_id, account_code, channel, dst_channel, unique_id)
            SELECT o.call_start,
                   ('x' || translate(o.record_id::text, '-', ''))::bit(64)::bigint,
                   traffic_number(o.calling_number), traffic_number(o.called_number),
                   o.answer_at, o.end_at, i.no, o.duration_s, o.billsec_s, cl.id, dl.id,
                   (f.calling + 4 * f.called)::smallint,
                   -- A number that was not E.164 after all (only an operator's SQL could store one) stays as raw.
                   CASE WHEN f.calling = 0 THEN coalesce(o.calling_raw,
                        CASE WHEN traffic_number(o.calling_number) IS NULL THEN o.calling_number END) END,
                   CASE WHEN f.called = 0 THEN coalesce(o.called_raw,
                        CASE WHEN traffic_number(o.called_number) IS NULL THEN o.called_number END) END,
                   o.caller_id, o.account_code, o.channel, o.dst_channel, o.unique_id
              FROM %s o
              JOIN traffic_import i ON i.id = o.import_id
              LEFT JOIN traffic_label cl ON cl.label = o.context
              LEFT JOIN traffic_label dl ON dl.label = o.disposition
             CROSS JOIN LATERAL (SELECT
                   CASE WHEN o.calling_raw IS NULL OR traffic_number(o.calling_number) IS NULL THEN 0
                        WHEN o.calling_raw = o.calling_number THEN 1
                        WHEN o.calling_number LIKE '+31%%' AND o.calling_raw = '0' || substr(o.calling_number, 4) THEN 2
                        WHEN o.calling_raw = '00' || substr(o.calling_number, 2) THEN 3
                        ELSE 0 END AS calling,
                   CASE WHEN o.called_raw IS NULL OR traffic_number(o.called_number) IS NULL THEN 0
                        WHEN o.called_raw = o.called_number THEN 1
                        WHEN o.called_number LIKE '+31%%' AND o.called_raw = '0' || substr(o.called_number, 4) THEN 2
                        WHEN o.called_raw = '00' || substr(o.called_number, 2) THEN 3
                        ELSE 0 END AS called) f
            ON CONFLICT DO NOTHING
            $q$, old);
    END LOOP;
END
$$;

DELETE FROM traffic_day_rows;
INSERT INTO traffic_day_rows (day, rows)
SELECT (call_start AT TIME ZONE 'Europe/Amsterdam')::date, count(*) FROM traffic_cdr GROUP BY 1;

DROP TABLE traffic_cdr_before_compact;

CREATE TRIGGER traffic_cdr_rows_inserted AFTER INSERT ON traffic_cdr
    REFERENCING NEW TABLE AS inserted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_inserted();
CREATE TRIGGER traffic_cdr_rows_deleted AFTER DELETE ON traffic_cdr
    REFERENCING OLD TABLE AS deleted_calls FOR EACH STATEMENT EXECUTE FUNCTION traffic_day_rows_deleted();

-- The lookups on the new row type (the caller rebuilds the compacted values). A lookup of one number (the API's, and
-- most subject pages) reads each daily partition through two plain index scans, the calling side and the called side,
-- instead of a bitmap over both indexes with the numbers as an array. Measured with pgbench on 190 daily partitions of
-- 5,000,000 calls (docs/performance.md, issue 20): 3.9-5.2 ms against 5.5-9.7 ms for the array with the bitmap and
-- 6.9-7.3 ms for the array with two index scans; what costs is each index scan's set-up in every partition, and an
-- array makes each set-up dearer. Several numbers keep the bitmap. A call from a number to itself is found on the
-- calling side only.
CREATE FUNCTION traffic_calls(
        p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_limit INTEGER, p_offset INTEGER,
        p_newest_first BOOLEAN)
    RETURNS SETOF traffic_cdr
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_number BIGINT := traffic_number(p_numbers[1]);
    v_numbers BIGINT[] := traffic_numbers(p_numbers);
BEGIN
    IF cardinality(p_numbers) = 1 AND p_newest_first THEN
        RETURN QUERY
            SELECT * FROM (
                SELECT * FROM traffic_cdr WHERE calling_number = v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')
                UNION ALL
                SELECT * FROM traffic_cdr WHERE called_number = v_number
                   AND calling_number IS DISTINCT FROM v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')) c
             ORDER BY call_start DESC, record_id DESC
             LIMIT p_limit OFFSET p_offset;
    ELSIF cardinality(p_numbers) = 1 THEN
        RETURN QUERY
            SELECT * FROM (
                SELECT * FROM traffic_cdr WHERE calling_number = v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')
                UNION ALL
                SELECT * FROM traffic_cdr WHERE called_number = v_number
                   AND calling_number IS DISTINCT FROM v_number
                   AND call_start >= coalesce(p_from, '-infinity') AND call_start < coalesce(p_to, 'infinity')) c
             ORDER BY call_start, record_id
             LIMIT p_limit OFFSET p_offset;
    ELSIF p_newest_first THEN
        RETURN QUERY
            SELECT * FROM traffic_cdr
             WHERE (calling_number = ANY (v_numbers) OR called_number = ANY (v_numbers))
               AND call_start >= coalesce(p_from, '-infinity')
               AND call_start < coalesce(p_to, 'infinity')
             ORDER BY call_start DESC, record_id DESC
             LIMIT p_limit OFFSET p_offset;
    ELSE
        RETURN QUERY
            SELECT * FROM traffic_cdr
             WHERE (calling_number = ANY (v_numbers) OR called_number = ANY (v_numbers))
               AND call_start >= coalesce(p_from, '-infinity')
               AND call_start < coalesce(p_to, 'infinity')
             ORDER BY call_start, record_id
             LIMIT p_limit OFFSET p_offset;
    END IF;
END;
$$;

CREATE FUNCTION traffic_call_totals(p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
    RETURNS TABLE (total BIGINT, first_call TIMESTAMPTZ, last_call TIMESTAMPTZ, matching BIGINT)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
DECLARE
    v_number BIGINT := traffic_number(p_numbers[1]);
    v_numbers BIGINT[] := traffic_numbers(p_numbers);
BEGIN
    IF cardinality(p_numbers) = 1 THEN
        RETURN QUERY
            SELECT count(*), min(c.call_start), max(c.call_start),
                   count(*) FILTER (WHERE c.call_start >= coalesce(p_from, '-infinity')
                                      AND c.call_start < coalesce(p_to, 'infinity'))
              FROM (SELECT t.call_start FROM traffic_cdr t WHERE t.calling_number = v_number
                    UNION ALL
                    SELECT t.call_start FROM traffic_cdr t WHERE t.called_number = v_number
                       AND t.calling_number IS DISTINCT FROM v_number) c;
    ELSE
        RETURN QUERY
            SELECT count(*), min(t.call_start), max(t.call_start),
                   count(*) FILTER (WHERE t.call_start >= coalesce(p_from, '-infinity')
                                      AND t.call_start < coalesce(p_to, 'infinity'))
              FROM traffic_cdr t
             WHERE t.calling_number = ANY (v_numbers) OR t.called_number = ANY (v_numbers);
    END IF;
END;
$$;

-- As before (V20261204_1201), on the new row type.
CREATE FUNCTION traffic_lookup(
        p_numbers TEXT[], p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_limit INTEGER, p_offset INTEGER,
        p_newest_first BOOLEAN)
    RETURNS SETOF traffic_cdr
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM traffic_restriction WHERE number = ANY (p_numbers)) THEN
        RAISE EXCEPTION 'traffic data restricted' USING ERRCODE = 'WB001';
    END IF;
    RETURN QUERY SELECT * FROM traffic_calls(p_numbers, p_from, p_to, p_limit, p_offset, p_newest_first);
END;
$$;
