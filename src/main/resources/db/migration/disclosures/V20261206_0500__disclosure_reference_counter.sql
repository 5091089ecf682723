-- Disclosure references are never reused: retention deletes old demands, and a number counted from the rows left
-- would give a new demand the reference of a deleted one (which the audit trail and the receipts still name). One
-- counter per year, started from the highest number each year already has.
CREATE TABLE disclosure_reference_counter (
    year integer PRIMARY KEY,
    last integer NOT NULL
);
INSERT INTO disclosure_reference_counter (year, last)
SELECT substring(reference from 4 for 4)::integer, max(substring(reference from 9)::integer)
  FROM authority_disclosure
 WHERE reference ~ '^VS-\d{4}-\d{4,}$'
 GROUP BY 1;
CREATE INDEX recipient_transfer_sent ON recipient_transfer (sent_at);
