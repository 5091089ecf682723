-- Call-recording audio encrypted at rest (envelope encryption): each file has its own random data key, sealed with
-- AES-GCM under the keyring key named in key_id and kept here as wrapped_key; the audio stays in the file store.
-- Rows from before are plain files (encrypted = false) until the key-rotation job encrypts them.
ALTER TABLE call_recording
    ADD COLUMN encrypted      boolean     NOT NULL DEFAULT false,
    ADD COLUMN key_id         text,
    ADD COLUMN wrapped_key    bytea,
    -- Set when the data key cannot be opened, or a plain file to encrypt is missing; such rows wait for a person.
    ADD COLUMN seal_failed_at timestamptz,
    ADD CONSTRAINT call_recording_sealed_key
        CHECK ((encrypted AND key_id IS NOT NULL AND wrapped_key IS NOT NULL)
            OR (NOT encrypted AND key_id IS NULL AND wrapped_key IS NULL));

-- Finds what a key rotation still has to re-wrap, and the plain files still to encrypt.
CREATE INDEX call_recording_key ON call_recording (key_id) WHERE encrypted;
CREATE INDEX call_recording_plain ON call_recording (id) WHERE NOT encrypted;
