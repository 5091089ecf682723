-- The language a person is written to in (Dutch or English), when known: letters that go to many people at once
-- (a breach notice) use it; unknown, they go in both.
ALTER TABLE subject ADD COLUMN language text CHECK (language IN ('nl', 'en'));
