-- Work for staff on systems without an interface (manual connector): what to look up or delete, by when, and what
-- was done. The identifiers are here because staff need them to do the task; reading tasks is audited.
CREATE TABLE connector_task (
    id           uuid        PRIMARY KEY,
    system       text        NOT NULL,
    action       text        NOT NULL CHECK (action IN ('FIND', 'EXPORT', 'ERASE', 'ANONYMISE', 'EXPIRE')),
    operation_id text,
    identifiers  jsonb       NOT NULL DEFAULT '[]',
    category     text,
    cutoff       timestamptz,
    instructions text        NOT NULL,
    created_at   timestamptz NOT NULL,
    due_at       timestamptz NOT NULL,
    status       text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE', 'NOT_FOUND', 'FAILED')),
    outcome      text,
    evidence     text,
    completed_at timestamptz,
    completed_by text
);

-- The same operation (a retried erasure, say) never gives staff the same task twice.
CREATE UNIQUE INDEX connector_task_operation ON connector_task (system, action, operation_id)
    WHERE operation_id IS NOT NULL;
CREATE INDEX connector_task_open ON connector_task (due_at) WHERE status = 'OPEN';
