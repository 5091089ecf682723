-- Request files expire (the register row covering privacy.rights_request): deleting a request clears the links that
-- outlive it, found by these indexes rather than by reading the whole consent ledger.
CREATE INDEX consent_event_request ON consent_event (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX request_duplicate_of ON request (duplicate_of) WHERE duplicate_of IS NOT NULL;
