-- Public notices (Art. 11 ¶2 "公示"): what the platform tells an account's followers and the public, such
-- as "this account will change its operating subject on <date>". Published once, never edited or taken
-- back (a withdrawn transfer publishes a new notice saying so): append-only for the app role, like the
-- records. Each notice is also a record (record_seq), written in the same transaction.
CREATE TABLE public_notices (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind ~ '^[a-z][a-z_]{0,39}$'),
  account_id   text NOT NULL,
  case_ref     text,
  title        text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  published_at timestamptz NOT NULL DEFAULT now(),
  record_seq   bigint NOT NULL UNIQUE
);
CREATE INDEX public_notices_account ON public_notices (account_id, published_at, id);

CREATE TRIGGER public_notices_append_only BEFORE UPDATE OR DELETE ON public_notices
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER public_notices_no_truncate BEFORE TRUNCATE ON public_notices
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();

-- The default privileges gave the app role UPDATE and DELETE as well: a notice is never changed.
DO $$
BEGIN
  EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON public_notices FROM %I', current_setting('compliance.app_role'));
END $$;
