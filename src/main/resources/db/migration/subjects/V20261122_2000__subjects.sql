-- Where personal data lives: organisations, the services delivered to them, data subjects, their identifiers and
-- roles, the built-in record store and the index of call recordings.

CREATE TABLE organisation (
    id              uuid PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('BUSINESS', 'CONSUMER')),
    name            text        NOT NULL,
    customer_number text UNIQUE,
    chamber_of_commerce_number text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);

-- A contract or subscription; service_key names the register's service as plain text (e.g. 'voip').
CREATE TABLE service_delivered (
    id              uuid PRIMARY KEY,
    organisation_id uuid        NOT NULL REFERENCES organisation (id),
    service_key     text        NOT NULL,
    reference       text,
    started_on      date        NOT NULL,
    ended_on        date,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX service_delivered_organisation ON service_delivered (organisation_id);
CREATE INDEX service_delivered_key ON service_delivered (service_key);

CREATE TABLE subject (
    id           uuid PRIMARY KEY,
    display_name text        NOT NULL,
    external_ref text UNIQUE,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- Normalised identifiers. One value may belong to several people (a household's address, a shared office line),
-- so the unique key includes the subject; its leading (kind, value) columns serve every lookup.
CREATE TABLE subject_identifier (
    id            uuid PRIMARY KEY,
    subject_id    uuid        NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    kind          text        NOT NULL,
    value         text        NOT NULL,
    source_system text,
    created_at    timestamptz NOT NULL,
    UNIQUE (kind, value, subject_id)
);
CREATE INDEX subject_identifier_subject ON subject_identifier (subject_id);

CREATE TABLE subject_role (
    id                   uuid PRIMARY KEY,
    subject_id           uuid        NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    role                 text        NOT NULL,
    organisation_id      uuid REFERENCES organisation (id),
    service_delivered_id uuid REFERENCES service_delivered (id),
    note                 text,
    created_at           timestamptz NOT NULL,
    UNIQUE NULLS NOT DISTINCT (subject_id, role, organisation_id, service_delivered_id)
);
CREATE INDEX subject_role_organisation ON subject_role (organisation_id);
CREATE INDEX subject_role_service ON subject_role (service_delivered_id);

-- The built-in store. Sensitive records keep their payload only as AES-GCM ciphertext (nonce || ciphertext || tag)
-- under the key named in key_id; the keys live outside the database.
CREATE TABLE store_record (
    id                   uuid PRIMARY KEY,
    category             text        NOT NULL,
    organisation_id      uuid REFERENCES organisation (id),
    service_delivered_id uuid REFERENCES service_delivered (id),
    source_system        text        NOT NULL,
    reference            text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    collected_at         timestamptz,
    last_contact_at      timestamptz,
    invoice_date         date,
    retention_period     text,
    retention_anchor     text CHECK (retention_anchor IN ('COLLECTED', 'END_OF_SERVICE', 'LAST_CONTACT', 'INVOICE_DATE')),
    sensitive            boolean     NOT NULL,
    payload              jsonb,
    key_id               text,
    ciphertext           bytea,
    -- Set when a key rotation found the ciphertext unopenable (altered, or its key lost); such rows wait for a person.
    seal_failed_at       timestamptz,
    CHECK ((sensitive AND payload IS NULL AND key_id IS NOT NULL AND ciphertext IS NOT NULL)
        OR (NOT sensitive AND key_id IS NULL AND ciphertext IS NULL)),
    CHECK ((retention_period IS NULL) = (retention_anchor IS NULL))
);
CREATE INDEX store_record_category ON store_record (category);
CREATE INDEX store_record_service ON store_record (service_delivered_id);
CREATE INDEX store_record_reference ON store_record (source_system, reference);
-- Finds what a key rotation still has to re-encrypt.
CREATE INDEX store_record_key ON store_record (key_id) WHERE sensitive;

CREATE TABLE store_record_subject (
    record_id  uuid NOT NULL REFERENCES store_record (id) ON DELETE CASCADE,
    subject_id uuid NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    PRIMARY KEY (record_id, subject_id)
);
CREATE INDEX store_record_subject_subject ON store_record_subject (subject_id);

-- Call recordings: the audio lives in the file store, only its place and fingerprint are here.
CREATE TABLE call_recording (
    id                   uuid PRIMARY KEY,
    call_id              text        NOT NULL UNIQUE,
    caller               text,
    callee               text,
    started_at           timestamptz NOT NULL,
    duration_seconds     integer CHECK (duration_seconds >= 0),
    service_key          text,
    service_delivered_id uuid REFERENCES service_delivered (id),
    file_name            text        NOT NULL,
    content_type         text        NOT NULL,
    size_bytes           bigint      NOT NULL,
    sha256               text        NOT NULL,
    created_at           timestamptz NOT NULL
);
CREATE INDEX call_recording_caller ON call_recording (caller, started_at);
CREATE INDEX call_recording_callee ON call_recording (callee, started_at);

CREATE TABLE call_recording_subject (
    recording_id uuid NOT NULL REFERENCES call_recording (id) ON DELETE CASCADE,
    subject_id   uuid NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    PRIMARY KEY (recording_id, subject_id)
);
CREATE INDEX call_recording_subject_subject ON call_recording_subject (subject_id);

-- Key rotations and their progress; the re-encryption itself is resumable because it works on key_id alone.
CREATE TABLE key_rotation (
    id          bigserial PRIMARY KEY,
    key_id      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    total       bigint      NOT NULL,
    done        bigint      NOT NULL DEFAULT 0
);
