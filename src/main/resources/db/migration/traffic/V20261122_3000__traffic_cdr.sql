-- Call-detail records, partitioned by UTC day of the call's start so that retention drops whole partitions.
-- Partitions are created by TrafficPartitions (ahead of time, and on demand when an import holds other days).
CREATE TABLE traffic_cdr (
    call_start     timestamptz NOT NULL,
    -- The source's unique id (name-based UUID of format + id) or, without one, a hash of the record's content.
    record_id      uuid        NOT NULL,
    source_format  text        NOT NULL,
    calling_number text,        -- E.164, NULL when the source number is an extension or unknown
    called_number  text,        -- E.164, idem
    calling_raw    text,
    called_raw     text,
    caller_id      text,
    account_code   text,
    context        text,
    channel        text,
    dst_channel    text,
    answer_at      timestamptz,
    end_at         timestamptz,
    duration_s     integer,
    billsec_s      integer,
    disposition    text,
    unique_id      text,
    import_id      uuid        NOT NULL,
    -- A unique key on a partitioned table must contain the partition key; a record's start never changes.
    CONSTRAINT traffic_cdr_record UNIQUE (record_id, call_start)
) PARTITION BY RANGE (call_start);

CREATE INDEX traffic_cdr_calling ON traffic_cdr (calling_number, call_start);
CREATE INDEX traffic_cdr_called ON traffic_cdr (called_number, call_start);

-- One row per import, so an operator can see what came in when (counts only, no content).
CREATE TABLE traffic_import (
    id          uuid        PRIMARY KEY,
    format      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    rows_read   bigint      NOT NULL DEFAULT 0,
    rows_added  bigint      NOT NULL DEFAULT 0,
    duplicates  bigint      NOT NULL DEFAULT 0,
    rejected    bigint      NOT NULL DEFAULT 0,
    outcome     text        NOT NULL DEFAULT 'RUNNING'
);
