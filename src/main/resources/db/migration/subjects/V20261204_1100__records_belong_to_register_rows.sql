-- A record belongs to a row of the register (its category: purpose, legal basis, controller, retention rule,
-- sensitivity), not only to a vocabulary key such as user.contact.email that several rows share. `category` holds the
-- register category key once `assigned`; until then the key the record was stored with, which `given_category`
-- keeps for the person who assigns it. Records from before are assigned on the next start when one row covers
-- their key, and flagged otherwise (RecordCategories).
ALTER TABLE store_record
    ADD COLUMN assigned       boolean NOT NULL DEFAULT false,
    ADD COLUMN given_category text;
UPDATE store_record SET given_category = category;
CREATE INDEX store_record_unassigned ON store_record (given_category) WHERE NOT assigned;

-- One vocabulary of retention anchors, the register's: COLLECTED becomes COLLECTION.
ALTER TABLE store_record DROP CONSTRAINT store_record_retention_anchor_check;
UPDATE store_record SET retention_anchor = 'COLLECTION' WHERE retention_anchor = 'COLLECTED';
ALTER TABLE store_record ADD CONSTRAINT store_record_retention_anchor_check
    CHECK (retention_anchor IN ('COLLECTION', 'END_OF_SERVICE', 'END_OF_CONTRACT', 'LAST_CONTACT', 'INVOICE_DATE',
                                'REQUEST_CLOSED'));

-- Restriction (Art. 18): storage only. Processing that Waarborg controls refuses restricted data until it is lifted.
ALTER TABLE store_record
    ADD COLUMN restricted_at        timestamptz,
    ADD COLUMN restriction_operation text;
ALTER TABLE call_recording
    ADD COLUMN restricted_at        timestamptz,
    ADD COLUMN restriction_operation text;

-- Audio files whose index row is gone but which are still on disk: deleted after the row's transaction commits,
-- and by the next sweep when the process died in between (nothing that claims to exist is gone, nothing on disk
-- outlives its row for long).
CREATE TABLE recording_file_deletion (
    file_name  text PRIMARY KEY,
    queued_at  timestamptz NOT NULL
);
