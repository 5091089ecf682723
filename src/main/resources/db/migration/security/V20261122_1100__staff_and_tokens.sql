-- Staff accounts. Passwords are bcrypt hashes; setup links are stored as SHA-256 of the one-time secret.
CREATE TABLE staff_account (
    id                     UUID PRIMARY KEY,
    username               TEXT        NOT NULL,
    display_name           TEXT        NOT NULL,
    role                   TEXT        NOT NULL CHECK (role IN ('ADMIN', 'PRIVACY_OFFICER', 'AGENT', 'AUDITOR')),
    password_hash          TEXT,
    enabled                BOOLEAN     NOT NULL DEFAULT true,
    setup_token_hash       TEXT UNIQUE,
    setup_token_expires_at TIMESTAMPTZ,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX staff_account_username_idx ON staff_account (lower(username));

-- Failed sign-ins per account name, whether the name exists or not, so a lock reveals nothing.
CREATE TABLE login_throttle (
    username_key TEXT PRIMARY KEY,
    failures     INTEGER     NOT NULL,
    last_failure TIMESTAMPTZ NOT NULL,
    locked_until TIMESTAMPTZ
);

-- Tokens of other systems and of the local command-line client. Only the SHA-256 of the secret is kept.
CREATE TABLE api_token (
    id           UUID PRIMARY KEY,
    name         TEXT        NOT NULL,
    token_hash   TEXT        NOT NULL UNIQUE,
    scopes       TEXT[]      NOT NULL,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
