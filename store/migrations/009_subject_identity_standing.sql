-- Subjects' real identities (Art. 8 ¶1), their standing (blacklist Art. 19 / credit Art. 13) and their
-- professional qualifications (Art. 9). No ID number, credit code or phone number is ever stored in
-- clear: each is kept as a keyed hash (HMAC-SHA256, for lookup), a sealed copy (AES-256-GCM, key id in
-- the value) and a masked form for display. The keys are outside the database (IDENTITY_KEYS_FILE).

-- The platform's real-name register as we hold it: what the store-backed verifier checks claims against
-- (identity/store-verifier.ts). Seeded by the demo data and tests; in production an identity provider
-- answers instead (IDENTITY_VERIFIER=http).
CREATE TABLE identity_register (
  kind        text NOT NULL CHECK (kind IN ('resident_id', 'credit_code')),
  number_hash text NOT NULL,
  name_hash   text NOT NULL,
  phone_hash  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, number_hash)
);

-- One row per subject; number_hash is unique across subjects: a second subject id with the same number
-- would be the same person or organisation under a new id, dodging its quota and its blacklisting.
CREATE TABLE subject_identities (
  subject_id    text PRIMARY KEY REFERENCES subjects (id),
  kind          text NOT NULL CHECK (kind IN ('resident_id', 'credit_code')),
  number_hash   text NOT NULL UNIQUE,
  number_sealed text NOT NULL,
  number_masked text NOT NULL,
  -- The name as registered with the number, sealed: a later re-verification asks the verifier again.
  name_sealed   text NOT NULL,
  phone_hash    text NOT NULL,
  phone_sealed  text NOT NULL,
  phone_masked  text NOT NULL,
  verified_at   timestamptz,
  verified_by   text CHECK (verified_by IN ('store', 'http')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((verified_at IS NULL) = (verified_by IS NULL))
);

-- Listings of subjects that may not open or receive accounts. Lifted, never erased: a lifted listing
-- stays, with who lifted it and why; each change is a record too (record_seq, lift_record_seq).
CREATE TABLE subject_blacklist (
  id              bigserial PRIMARY KEY,
  subject_id      text NOT NULL REFERENCES subjects (id),
  reason          text NOT NULL,
  article         text NOT NULL,
  listed_by       text NOT NULL,
  listed_at       timestamptz NOT NULL DEFAULT now(),
  record_seq      bigint NOT NULL,
  lifted_at       timestamptz,
  lifted_by       text,
  lift_reason     text,
  lift_record_seq bigint,
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL) AND (lifted_at IS NULL) = (lift_record_seq IS NULL))
);
-- At most one listing in force per subject.
CREATE UNIQUE INDEX subject_blacklist_in_force ON subject_blacklist (subject_id) WHERE lifted_at IS NULL;
CREATE TRIGGER subject_blacklist_no_delete BEFORE DELETE ON subject_blacklist
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();

-- The credit score (Art. 13 ¶1); no row: the policy's starting score. Tiers come from the policy.
CREATE TABLE subject_credit (
  subject_id text PRIMARY KEY REFERENCES subjects (id),
  score      integer NOT NULL DEFAULT 120,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Professional qualifications (Art. 9): submitted by the platform, decided by a reviewer who did not
-- submit them, withdrawn by a supervisor. A verified one always has an expiry.
CREATE TABLE subject_qualifications (
  id                bigserial PRIMARY KEY,
  subject_id        text NOT NULL REFERENCES subjects (id),
  category          text NOT NULL CHECK (category IN ('economy', 'education', 'health', 'judicial')),
  materials         jsonb NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'withdrawn')),
  submitted_by      text NOT NULL,
  submitted_at      timestamptz NOT NULL DEFAULT now(),
  submit_record_seq bigint NOT NULL,
  decided_by        text,
  decided_at        timestamptz,
  reason            text,
  expires_at        timestamptz,
  decide_record_seq bigint,
  withdrawn_by      text,
  withdrawn_at      timestamptz,
  withdraw_reason   text,
  withdraw_record_seq bigint,
  CHECK (status <> 'verified' OR expires_at IS NOT NULL),
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK ((status = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE INDEX subject_qualifications_subject ON subject_qualifications (subject_id, category);
CREATE TRIGGER subject_qualifications_no_delete BEFORE DELETE ON subject_qualifications
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
