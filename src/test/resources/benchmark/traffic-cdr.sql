-- Waarborg's traffic_cdr as migration V20261206_0100 leaves it, for the raw PostgreSQL side of the benchmarks.
-- CompactLayoutTests checks that its columns are the migrated table's.
CREATE TABLE traffic_cdr (
    call_start timestamptz NOT NULL, record_id bigint NOT NULL, calling_number bigint, called_number bigint,
    answer_at timestamptz, end_at timestamptz, import_no integer NOT NULL, duration_s integer, billsec_s integer,
    context_id integer, disposition_id integer, forms smallint NOT NULL DEFAULT 0, calling_raw text, called_raw text,
    caller_id text, account_code text, channel text, dst_channel text, unique_id text,
    CONSTRAINT traffic_cdr_record UNIQUE (record_id, call_start)
) PARTITION BY RANGE (call_start);
CREATE INDEX traffic_cdr_calling ON traffic_cdr (calling_number);
CREATE INDEX traffic_cdr_called ON traffic_cdr (called_number);
