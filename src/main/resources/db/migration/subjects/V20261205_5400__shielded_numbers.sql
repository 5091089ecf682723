-- A number the person asked to keep out of directories and caller display ("afgeschermd"): the flag travels with the
-- number into every export to another provider (issue 16), so it is a property of the identifier as stored.
ALTER TABLE subject_identifier ADD COLUMN shielded boolean NOT NULL DEFAULT false;
