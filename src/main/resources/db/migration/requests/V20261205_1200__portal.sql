-- The portal: a requester reaches their request only through an unguessable link (stored as its SHA-256) and a
-- one-time code sent to an address on file (stored as a salted PBKDF2 hash: a six-digit code cannot be found from
-- it within its fifteen minutes).
CREATE TABLE request_portal_access (
    token_hash  text        PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES request (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX request_portal_access_request ON request_portal_access (request_id);

CREATE TABLE request_code (
    id           uuid        PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES request (id),
    destination  text        NOT NULL,   -- SHA-256 of the address the code went to, never the address
    code_hash    text        NOT NULL,
    salt         text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    attempts     integer     NOT NULL DEFAULT 0,
    used_at      timestamptz
);
CREATE INDEX request_code_request ON request_code (request_id, created_at DESC);
CREATE INDEX request_code_destination ON request_code (destination, created_at);

-- What the portal's rate limits count: form submissions per client address (hashed) and code checks per request.
CREATE TABLE portal_rate (
    key  text        NOT NULL,
    at   timestamptz NOT NULL
);
CREATE INDEX portal_rate_key ON portal_rate (key, at);
