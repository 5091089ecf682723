-- The identifiers recorded in one event (an e-mail address and a customer number from one sign-up form) share the
-- event's moment: found through it, a portal link does not scan the ledger.
CREATE INDEX consent_event_moment ON consent_event (at);
