-- Which of the register's client organisations (clients[].key) an organisation is: the data held for it, in a
-- category whose controller is the client, is the client's, and requests about it are forwarded to the client.
CREATE TABLE organisation_register_client (
    organisation_id uuid PRIMARY KEY REFERENCES organisation (id),
    client_key      text NOT NULL,
    linked_at       timestamptz NOT NULL,
    linked_by       text NOT NULL
);
