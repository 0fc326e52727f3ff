-- Measures that know their case (Art. 8, Art. 19 ¶2). An account's status is no longer a column that
-- the last case to close sets back to 'active': each measure is a row of its own, imposed by one case
-- or decision and lifted only by it, and the status is derived from the measures still active.

-- Art. 9: some content categories (economy, education, health, judicial) need a qualification.
ALTER TABLE accounts ADD COLUMN content_category text NOT NULL DEFAULT 'general'
  CHECK (content_category IN ('general', 'news', 'economy', 'education', 'health', 'judicial', 'entertainment', 'other'));

CREATE TABLE measures (
  id          bigserial PRIMARY KEY,
  account_id  text NOT NULL REFERENCES accounts (id),
  -- The measures ladder (Art. 19 ¶2) and Art. 8's suspend/terminate; store/measures.ts MEASURE_KINDS.
  kind        text NOT NULL CHECK (kind IN ('warning', 'limit_functions', 'suspend_updates', 'stop_ads', 'close_account',
                'blacklist', 'ban_reregistration', 'suspend_service', 'terminate_service')),
  case_ref    text,                      -- the case or decision that imposed it; NULL only for migrated rows
  article     text,                      -- NULL only for migrated rows: the old status column did not say
  imposed_by  text NOT NULL,
  reason      text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  ends_at     timestamptz,               -- NULL: until lifted
  lifted_at   timestamptz,
  lifted_by   text,
  lift_reason text,
  imposed_seq bigint REFERENCES records (seq),
  lifted_seq  bigint REFERENCES records (seq),
  CHECK (ends_at IS NULL OR ends_at > started_at),
  CHECK ((lifted_at IS NULL) = (lifted_by IS NULL) AND (lifted_at IS NULL) = (lift_reason IS NULL))
);
-- Deliberately no unique index on (account, kind, case): idempotency comes from the record key, and a
-- doubled measure must stay visible to the fault tests rather than be hidden by a constraint.
CREATE INDEX measures_account ON measures (account_id, id);
CREATE INDEX measures_case ON measures (case_ref, id);
CREATE INDEX measures_imposed_seq ON measures (imposed_seq);

-- What the platform, which really enforces a measure, learns: written in the transaction that imposes or
-- lifts it, so an event exists if and only if the change committed.
CREATE TABLE measure_outbox (
  seq        bigserial PRIMARY KEY,
  measure_id bigint NOT NULL REFERENCES measures (id),
  event      text NOT NULL CHECK (event IN ('imposed', 'lifted')),
  account_id text NOT NULL,
  kind       text NOT NULL,
  case_ref   text,
  at         timestamptz NOT NULL DEFAULT now(),
  payload    jsonb NOT NULL DEFAULT '{}'::jsonb
);

-- The old status becomes a measure. Its case_ref stays NULL (the column never said which case), but
-- imposed_seq points at the record that set it when the account's last status record is that very
-- measure: a case in flight that suspended before this migration can then still restore its own
-- suspension (store/measures.ts liftCaseMeasures follows imposed_seq to the record's case).
INSERT INTO measures (account_id, kind, case_ref, article, imposed_by, reason, started_at, imposed_seq)
SELECT a.id,
       CASE a.status WHEN 'suspended' THEN 'suspend_service' ELSE 'terminate_service' END,
       NULL, last.article, COALESCE(last.actor, 'migration:003'), 'migrated from accounts.status',
       COALESCE(last.at, a.updated_at), last.seq
FROM accounts a
LEFT JOIN LATERAL (
  SELECT r.seq, r.action, r.article, r.actor, r.at FROM records r
  WHERE r.account_id = a.id AND r.action IN ('suspend_service', 'restore_service', 'terminate_service')
  ORDER BY r.seq DESC LIMIT 1
) l ON true
LEFT JOIN LATERAL (
  SELECT l.seq, l.article, l.actor, l.at
  WHERE l.action = CASE a.status WHEN 'suspended' THEN 'suspend_service' ELSE 'terminate_service' END
) last ON true
WHERE a.status IN ('suspended', 'terminated')
ORDER BY a.id;

-- The platform learns of the migrated measures too, so a consumer reading the outbox from the start
-- sees every measure in force; payload.migrated lets it tell them apart.
INSERT INTO measure_outbox (measure_id, event, account_id, kind, case_ref, at, payload)
SELECT id, 'imposed', account_id, kind, case_ref, started_at,
       jsonb_build_object('migrated', true, 'article', article, 'actor', imposed_by, 'reason', reason, 'recordSeq', imposed_seq::text)
FROM measures ORDER BY id;

ALTER TABLE accounts DROP COLUMN status;
