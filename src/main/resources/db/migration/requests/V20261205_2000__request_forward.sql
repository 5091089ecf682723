-- A request forwarded to a client organisation that is the controller of data Waarborg's provider keeps for it as
-- processor: to whom, for which categories, and the client's instruction once it comes.
CREATE TABLE request_forward (
    request_id    uuid        NOT NULL REFERENCES request (id),
    client_key    text        NOT NULL,
    client_name   text        NOT NULL,
    contact       text,
    categories    text[]      NOT NULL,
    records       bigint      NOT NULL,
    forwarded_at  timestamptz NOT NULL,
    instruction   text,
    instructed_at timestamptz,
    instructed_by text,
    PRIMARY KEY (request_id, client_key)
);
