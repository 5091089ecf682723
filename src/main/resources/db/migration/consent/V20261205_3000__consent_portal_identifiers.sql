-- A portal link opens every identifier a consent was recorded under together with the address it was sent to (an
-- e-mail address and a customer number given on one form): withdrawing on the page withdraws under all of them.
ALTER TABLE consent_portal_link ADD COLUMN identifier_hashes text[];
UPDATE consent_portal_link SET identifier_hashes = ARRAY[identifier_hash] WHERE identifier_hashes IS NULL;
ALTER TABLE consent_portal_link ALTER COLUMN identifier_hashes SET NOT NULL;
