-- The measures outbox as a feed and as webhooks (services/measure-feed.ts, webhooks/deliverer.ts).

-- A reader that resumes "after seq N" must never find, later, a committed event below N. A bigserial
-- alone does not promise that: two writers take seqs 5 and 6, 6 commits first, a reader serves 6 and
-- moves on past 5 for good. store/measures.ts writeOutbox already takes a lock before its INSERT; this
-- trigger makes every writer do so (a hand-written INSERT, a future code path): it takes the same
-- transaction-scoped lock and only then numbers the row, so seqs are handed out, and become visible,
-- in commit order. The column default goes: it would draw a seq before the lock (NOT NULL is checked
-- after the trigger has numbered the row).
CREATE FUNCTION measure_outbox_number_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7233003);
  NEW.seq := nextval(pg_get_serial_sequence('measure_outbox', 'seq'));
  RETURN NEW;
END
$$;
CREATE TRIGGER measure_outbox_number_in_commit_order BEFORE INSERT ON measure_outbox
  FOR EACH ROW EXECUTE FUNCTION measure_outbox_number_in_commit_order();
ALTER TABLE measure_outbox ALTER COLUMN seq DROP DEFAULT;

-- A platform's endpoint for the outbox's events, and how far it has acknowledged them.
CREATE TABLE webhook_subscriptions (
  id              bigserial PRIMARY KEY,
  url             text NOT NULL CHECK (url ~ '^https?://'),
  description     text NOT NULL DEFAULT '',
  -- The HMAC signing secret, sealed with AES-256-GCM (webhooks/secret-box.ts, WEBHOOK_SECRETS_KEY_FILE):
  -- a copy of the database alone cannot forge deliveries. Shown to the subscriber once, at creation.
  secret_sealed   text NOT NULL,
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  active          boolean NOT NULL DEFAULT true,
  deactivated_by  text,
  deactivated_at  timestamptz,
  -- Delivery state. delivered_seq is the last outbox seq the receiver acknowledged (a 2xx); it only
  -- moves forward, one acknowledged event at a time, so a restarted deliverer resumes after it.
  delivered_seq   bigint NOT NULL DEFAULT 0,
  delivered_at    timestamptz,
  -- Failed attempts at the event after delivered_seq, and when the next attempt is due (backoff).
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_status     integer,
  last_error      text,
  CHECK (active = (deactivated_at IS NULL) AND (deactivated_at IS NULL) = (deactivated_by IS NULL))
);
CREATE INDEX webhook_subscriptions_due ON webhook_subscriptions (next_attempt_at) WHERE active;
