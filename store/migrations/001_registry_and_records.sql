-- Account registry: subjects (the real identity behind accounts), accounts, reserved names, operators.
CREATE TABLE subjects (
  id           text PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('individual', 'organisation')),
  display_name text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE accounts (
  id            text PRIMARY KEY,
  subject_id    text NOT NULL REFERENCES subjects (id),
  name          text NOT NULL,
  avatar_url    text,
  bio           text NOT NULL DEFAULT '',
  contact_email text NOT NULL,
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Art. 8 ¶3: names of accounts closed by law or agreement may not be registered again.
CREATE TABLE reserved_names (
  normalized  text PRIMARY KEY,          -- rules/names.ts normalizeName()
  pinyin_key  text NOT NULL,             -- rules/names.ts pinyinKey(): finds look-alikes that sound the same
  name        text NOT NULL,
  reason      text NOT NULL,
  case_ref    text,
  account_id  text,
  reserved_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reserved_names_pinyin ON reserved_names (pinyin_key);

-- The operator roster: who may act on cases, and in which roles.
CREATE TABLE operators (
  id           text PRIMARY KEY,
  display_name text NOT NULL,
  roles        text[] NOT NULL,
  active       boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- Art. 19 "保存有关记录": every measure and decision, append-only and hash-chained (tamper-evident).
CREATE TABLE records (
  seq             bigserial PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,  -- a retried activity finds its record instead of writing a second
  case_ref        text,
  account_id      text,
  action          text NOT NULL,
  article         text NOT NULL,
  actor           text NOT NULL,
  reason          text NOT NULL,
  evidence        jsonb NOT NULL DEFAULT '{}'::jsonb,
  at              timestamptz NOT NULL,
  prev_hash       text NOT NULL,
  hash            text NOT NULL
);
CREATE INDEX records_account ON records (account_id, seq);
CREATE INDEX records_case ON records (case_ref, seq);

CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'records are append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
  FOR EACH ROW EXECUTE FUNCTION records_append_only();

-- Notices that went out: a retried send finds its row and does not mail twice.
CREATE TABLE notices (
  idempotency_key text PRIMARY KEY,
  case_ref        text NOT NULL,
  account_id      text NOT NULL,
  kind            text NOT NULL,
  message_id      text NOT NULL,
  sent_at         timestamptz NOT NULL DEFAULT now()
);
