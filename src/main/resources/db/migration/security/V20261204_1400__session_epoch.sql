-- Raised whenever an account's sign-in must end everywhere: disabled, password reset or set, role changed. A console
-- session carries the value it signed in with; a session whose value is no longer the account's is ended.
ALTER TABLE staff_account ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
