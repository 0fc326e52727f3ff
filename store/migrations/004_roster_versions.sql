-- Every roster change, in order. The roster's version is the last change's seq: cases tell a newer
-- roster from an older one by the store's sequence, never by a client's clock or a signal's payload.
CREATE TABLE operator_changes (
  seq          bigserial PRIMARY KEY,
  operator_id  text NOT NULL,
  display_name text NOT NULL,
  roles        text[] NOT NULL,
  active       boolean NOT NULL,
  at           timestamptz NOT NULL DEFAULT now()
);
INSERT INTO operator_changes (operator_id, display_name, roles, active)
  SELECT id, display_name, roles, active FROM operators ORDER BY id;
