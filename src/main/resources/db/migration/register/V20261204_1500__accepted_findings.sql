-- A version applied although the check found errors carries who accepted them and why (the author is already there),
-- and which rules fired, so that the console and the proof of compliance can show it. Both stay null otherwise.
ALTER TABLE register_version ADD COLUMN accepted_findings_reason text;
ALTER TABLE register_version ADD COLUMN accepted_findings text[];
