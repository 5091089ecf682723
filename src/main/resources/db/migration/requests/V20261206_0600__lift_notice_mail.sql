-- Art. 18(3): the person is told before a restriction is lifted. The notice is a letter in the outbox; lifting waits
-- until it went: sent by e-mail, or, for a letter without an e-mail address, posted on the day staff give.
ALTER TABLE processing_block ADD COLUMN lift_notice_mail_id uuid;
ALTER TABLE processing_block ADD COLUMN lift_notice_posted_on date;
