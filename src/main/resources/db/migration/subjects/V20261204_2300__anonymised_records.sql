-- A record whose register rule says "then: anonymise" is kept when its period ends, without anything that points to
-- a person (no payload, subjects, organisation, service or reference), for statistics. It is never due again.
ALTER TABLE store_record ADD COLUMN anonymised_at timestamptz;
