-- A notice is claimed ('sending') before it goes to the relay, so that a retry running beside a stalled
-- attempt does not send it again; it is 'sent' once the relay has accepted it (store/notices.ts).
-- Rows already there went out under the old scheme: they become 'sent'. The defaults stay, so a worker
-- still running the old code during a rolling deploy records sent notices as before.
ALTER TABLE notices
  ADD COLUMN status     text NOT NULL DEFAULT 'sent' CHECK (status IN ('sending', 'sent')),
  ADD COLUMN claimed_at timestamptz,
  ADD COLUMN claimed_by text;
ALTER TABLE notices ALTER COLUMN sent_at DROP NOT NULL;
ALTER TABLE notices ADD CONSTRAINT notices_status_times CHECK (
  (status = 'sent' AND sent_at IS NOT NULL) OR (status = 'sending' AND sent_at IS NULL AND claimed_at IS NOT NULL AND claimed_by IS NOT NULL)
);
CREATE INDEX notices_case ON notices (case_ref, sent_at);
