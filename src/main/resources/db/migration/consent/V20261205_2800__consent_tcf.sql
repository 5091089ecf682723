-- The TC string (IAB TCF v2) a provider's own consent tool sent with an event, kept as sent: it is the proof, and it is
-- decoded again whenever it is shown. Only strings that decoded whole are stored.
ALTER TABLE consent_event ADD COLUMN tc_string text;
