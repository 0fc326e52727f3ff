-- API tokens (api/auth/tokens.ts). Only a SHA-256 of the secret is kept: a copy of this table lets no
-- one call the API. The id is the token's public part (it is in the token itself), so a token is
-- found by id and its hash compared, and an admin can name a token without seeing its secret.
-- A token acts as one roster entry; its roles are the roster's at each call, never the token's.
CREATE TABLE api_tokens (
  id          text PRIMARY KEY,
  secret_hash text NOT NULL,
  subject     text NOT NULL REFERENCES operators (id),
  label       text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  revoked_by  text,
  CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX api_tokens_subject ON api_tokens (subject);
