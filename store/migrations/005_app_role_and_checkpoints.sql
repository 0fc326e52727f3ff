-- Records nobody can quietly change (Art. 19). The role running migrations owns every table; workers,
-- the API and the CLI connect as the app role (DATABASE_URL), which store/migrate.ts names in the
-- setting compliance.app_role. The app role may only read and append the logs below: no UPDATE,
-- DELETE, TRUNCATE, REFERENCES or TRIGGER on them, and as a non-owner no ALTER, DISABLE/DROP TRIGGER
-- or DROP TABLE. What the owner (a DBA) could still do is caught by the signed checkpoints.

DO $$
DECLARE
  app text := current_setting('compliance.app_role', true);
BEGIN
  IF app IS NULL OR app = '' THEN
    RAISE EXCEPTION 'migration 005 needs the app role: run it through store/migrate.ts (npm run migrate), which names it';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
    RAISE EXCEPTION 'the app role "%" does not exist: create it first (CREATE ROLE % LOGIN), see docs/RECORDS.md', app, app;
  END IF;
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = app) THEN
    RAISE EXCEPTION 'the app role "%" is a superuser: nothing would hold it; connect workers as an ordinary role', app;
  END IF;
  IF app = current_user OR pg_has_role(app, current_user, 'MEMBER') THEN
    RAISE EXCEPTION 'the app role "%" is, or is a member of, the role running the migrations ("%"): it would own the records; DATABASE_URL and DATABASE_OWNER_URL must connect as different roles', app, current_user;
  END IF;
END $$;

-- The signed checkpoints of the chain's head (records/checkpoint.ts): an append-only log of its own.
CREATE TABLE record_checkpoints (
  id         bigserial PRIMARY KEY,
  head_seq   bigint NOT NULL,            -- the last record covered (0: none yet)
  head_hash  text NOT NULL,              -- that record's hash (the genesis hash when none)
  count      bigint NOT NULL,            -- records with seq <= head_seq
  at         timestamptz NOT NULL,
  key_id     text NOT NULL,
  signature  text NOT NULL,              -- Ed25519 over the canonical JSON of the fields above, base64
  public_key text NOT NULL               -- the signer's public key (SPKI PEM), for convenience: verifiers bring their own copy
);
CREATE INDEX record_checkpoints_head ON record_checkpoints (head_seq);

-- One guard for every append-only log: rows, and whole-table TRUNCATE (which row triggers never see).
CREATE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER operator_changes_append_only BEFORE UPDATE OR DELETE ON operator_changes
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER operator_changes_no_truncate BEFORE TRUNCATE ON operator_changes
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER measure_outbox_append_only BEFORE UPDATE OR DELETE ON measure_outbox
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER measure_outbox_no_truncate BEFORE TRUNCATE ON measure_outbox
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER record_checkpoints_append_only BEFORE UPDATE OR DELETE ON record_checkpoints
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER record_checkpoints_no_truncate BEFORE TRUNCATE ON record_checkpoints
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();
-- Measures are lifted (UPDATE) but never erased.
CREATE TRIGGER measures_no_delete BEFORE DELETE ON measures
  FOR EACH ROW EXECUTE FUNCTION append_only_guard();
CREATE TRIGGER measures_no_truncate BEFORE TRUNCATE ON measures
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_guard();

-- The grants. Nothing for PUBLIC: a role not named here reads nothing.
DO $$
DECLARE
  app text := current_setting('compliance.app_role');
BEGIN
  EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM PUBLIC, %I', current_schema(), app);
  EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA %I FROM PUBLIC, %I', current_schema(), app);
  -- Before PostgreSQL 15 everyone may create in the public schema: a replacement table or function.
  IF (SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = current_schema()) THEN
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
  END IF;
  IF has_schema_privilege(app, current_schema(), 'CREATE') THEN
    RAISE EXCEPTION 'the app role "%" may create objects in schema "%": revoke it (REVOKE CREATE ON SCHEMA % FROM %)', app, current_schema(), current_schema(), app;
  END IF;
  -- Working tables: the registry, the roster, notices being sent, measures being lifted.
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON subjects, accounts, reserved_names, operators, notices TO %I', app);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE ON measures TO %I', app);
  -- Logs: read and append only.
  EXECUTE format('GRANT SELECT, INSERT ON records, operator_changes, measure_outbox, record_checkpoints TO %I', app);
  -- Workers check at start that the schema is current (store/migrate.ts assertMigrated).
  EXECUTE format('GRANT SELECT ON schema_migrations TO %I', app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema(), app);
  -- Tables and sequences later migrations create (as this role) are working tables by default; a
  -- later migration that adds a log revokes UPDATE, DELETE on it and adds the guards above.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', current_schema(), app);
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO %I', current_schema(), app);
END $$;
