-- Art. 19 notices go out by e-mail where the recipient's privacy contact is an address. A notice is mailed once, in
-- the transaction of the step carried out (mail_id then names the outbox message). The references under which the
-- sending systems reported the person's data to the recipient are kept with the notice, read before an erasure
-- removes them: the recipient finds the person by them, so the mail need not name the person.
ALTER TABLE request_recipient_notice ADD COLUMN transfer_refs text[] NOT NULL DEFAULT '{}';
ALTER TABLE request_recipient_notice ADD COLUMN mail_id uuid;
-- A second correction of another category, after the recipient was told of the first, is a notice of its own: the
-- notices of one request, recipient and right are numbered.
ALTER TABLE request_recipient_notice ADD COLUMN round integer NOT NULL DEFAULT 1;
-- The old unique constraint by the name PostgreSQL gave it (shortened to 63 characters), found rather than spelled.
DO $$
DECLARE
    c name;
BEGIN
    SELECT conname INTO STRICT c FROM pg_constraint
     WHERE conrelid = 'request_recipient_notice'::regclass AND contype = 'u';
    EXECUTE format('ALTER TABLE request_recipient_notice DROP CONSTRAINT %I', c);
END
$$;
ALTER TABLE request_recipient_notice ADD CONSTRAINT request_recipient_notice_round
    UNIQUE (request_id, recipient_key, right_type, round);
