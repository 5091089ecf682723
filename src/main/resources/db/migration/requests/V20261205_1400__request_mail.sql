-- Messages that came in by e-mail, kept as evidence with the request they made or answered. The Message-ID makes
-- reading a message twice (a reader stopped half-way) store it once.
CREATE TABLE request_mail (
    message_id   text        PRIMARY KEY,
    request_id   uuid        NOT NULL REFERENCES request (id),
    received_at  timestamptz NOT NULL,
    raw          bytea       NOT NULL
);
CREATE INDEX request_mail_request ON request_mail (request_id, received_at);
