-- Numbers whose traffic data is restricted to storage only (Art. 18 GDPR): lookups refuse them until lifted; the
-- person's own access export still lists their calls.
CREATE TABLE traffic_restriction (
    number        text PRIMARY KEY,   -- E.164
    restricted_at timestamptz NOT NULL,
    operation_id  text        NOT NULL
);
