-- Notices to a subject itself, not to one of its accounts: a transfer's receiving side is e-mailed before
-- the account is theirs. NULL: no address on file (a notice to it is recorded as undeliverable).
ALTER TABLE subjects ADD COLUMN contact_email text;
