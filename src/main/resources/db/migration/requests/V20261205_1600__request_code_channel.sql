-- A code may go by text message to a mobile number instead of by e-mail.
ALTER TABLE request_code ADD COLUMN channel text NOT NULL DEFAULT 'EMAIL' CHECK (channel IN ('EMAIL', 'SMS'));
