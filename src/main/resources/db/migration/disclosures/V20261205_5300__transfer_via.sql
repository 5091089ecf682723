-- How a transfer came to be known: reported by a sending system through the API, or sent by Waarborg itself (a
-- portability transmission to the provider the person chose, Art. 20(2) GDPR). A transmission's recipient is no
-- register recipient but the other provider's host, kept under recipient_key as 'art20:<host>'.
ALTER TABLE recipient_transfer ADD COLUMN via text NOT NULL DEFAULT 'API';
ALTER TABLE recipient_transfer ADD CONSTRAINT recipient_transfer_via CHECK (via IN ('API', 'PORTABILITY'));
CREATE INDEX recipient_transfer_recipient ON recipient_transfer (recipient_key, sent_at);
