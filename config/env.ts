import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DurationSchema } from '../policy/duration';
import { parsePolicy, type Policy } from '../policy/policy';
import { EMBEDDED_STORE_ROLES } from '../store/db';
import { formatIssues } from '../schemas/errors';

/**
 * The one configuration of every process (worker, CLI, `npm start`), read from environment variables.
 * Unset Temporal, database and SMTP addresses mean "the embedded parts that `npm start` runs".
 */
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1');

const EnvFields = z.object({
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('compliance'),
  /** TLS for a remote cluster: "true" for server-verified TLS, or client certificate paths for mTLS. */
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT: z.string().min(1).optional(),
  TEMPORAL_TLS_KEY: z.string().min(1).optional(),
  /** Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  /** The APP role's connection (workers, API, CLI): it may read and append records, never change them. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** The OWNER role's connection, used only to run migrations (`npm run migrate`, `npm start`). */
  DATABASE_OWNER_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** The role migrations grant to; unset: DATABASE_URL's user. */
  DATABASE_APP_ROLE: z.string().regex(/^[a-z_][a-z0-9_$]{0,62}$/, 'must be a lower-case PostgreSQL role name').optional(),
  /** Ed25519 private key (PKCS#8 PEM) that signs record checkpoints; unset: DATA_DIR/keys/checkpoint-signing.pem. */
  CHECKPOINT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Where checkpoints are written as JSON files, with the public key beside them; unset: DATA_DIR/checkpoints. */
  CHECKPOINT_DIR: z.string().min(1).optional(),
  /** How often the Temporal Schedule makes a checkpoint ("1 hour", "30 minutes"). */
  CHECKPOINT_EVERY: DurationSchema.default(3_600_000),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  MAIL_FROM: z.string().min(3).default('合规通知 <compliance@platform.example>'),
  /** Where `npm start` keeps the embedded parts' data (Temporal SQLite file, the PostgreSQL cluster, received mail). */
  DATA_DIR: z.string().min(1).default('data'),
  /** JSON file overriding the default policy (deadlines, reminders, protected words). */
  POLICY_FILE: z.string().min(1).optional(),
  /**
   * A workflow bundle file for the worker. Unset: the compiled worker (`npm run worker`) loads the one
   * `npm run build` wrote beside it (dist/workflow-bundle.js); run from the sources, it bundles at start.
   */
  WORKFLOW_BUNDLE: z.string().min(1).optional(),
  /** The worker's SDK metrics in Prometheus format on this host:port (logging/runtime.ts); unset: none. */
  WORKER_METRICS_ADDRESS: z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port').optional(),
  /**
   * Workflows a worker keeps in memory between their tasks. The others wait in Temporal and are replayed
   * from their history at their next task (a timer, an action): a few milliseconds each. The default
   * keeps a worker near 1 GiB (docs/BENCHMARKS.md: memory per cached case); 0 turns the cache off.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  /**
   * Ports of the embedded parts that `npm start` runs, on 127.0.0.1 (the dev server's default to
   * temporal-dev.yml's). EMBEDDED_DB_PORT is its PostgreSQL server's.
   */
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).default(55432),
  EMBEDDED_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  MAIL_VIEWER_PORT: z.coerce.number().int().min(1).max(65535).default(8025),
  /**
   * The AES-256 key (32 bytes, base64) that seals webhook signing secrets in the database. Unset:
   * DATA_DIR/keys/webhook-secrets.key, which `npm start` writes when absent.
   */
  WEBHOOK_SECRETS_KEY_FILE: z.string().min(1).optional(),
  /** How often the webhook deliverer looks for new measure events and for retries that have come due. */
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** How long a platform's endpoint has to answer one delivery before it counts as failed. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Retry schedule of a failed delivery: the first wait, doubling after each failure up to the cap. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(1000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(300_000),
  /**
   * The AES-256-GCM keys that encrypt workflow payloads in Temporal (codec/keys.ts has the format);
   * every client and worker needs the same file. Default DATA_DIR/keys/payload-keys.json, which
   * `npm start` writes when absent.
   */
  PAYLOAD_KEYS_FILE: z.string().min(1).optional(),
  /** The codec server that lets the Temporal UI show decrypted payloads (`npm start` runs it, on 127.0.0.1). */
  CODEC_SERVER_PORT: z.coerce.number().int().min(1).max(65535).default(8090),
  /**
   * The API's Ed25519 key that seals each case action (JSON: keyId, privateKey). For the API and the
   * services only, never for workers. Default: DATA_DIR/keys/action-signing-key.json (`npm start` makes it).
   */
  ACTION_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /**
   * The public keys workers give cases to verify seals with (JSON: key id → public key hex); several
   * while a key is rotated. Default: DATA_DIR/keys/action-verify-keys.json.
   */
  ACTION_VERIFY_KEYS_FILE: z.string().min(1).optional(),
  /**
   * The keys that keep identity and phone numbers out of the store in clear (identity/keys.ts): sealing
   * keys (rotating) and the lookup-hash key. Default DATA_DIR/keys/identity-keys.json (`npm start` makes it).
   */
  IDENTITY_KEYS_FILE: z.string().min(1).optional(),
  /** Who checks real identities (Art. 8 ¶1): the store's real-name register, or a provider over HTTP. */
  IDENTITY_VERIFIER: z.enum(['store', 'http']).default('store'),
  IDENTITY_VERIFIER_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  /** A file holding the bearer token the provider expects (never the token itself in the environment). */
  IDENTITY_VERIFIER_TOKEN_FILE: z.string().min(1).optional(),
  IDENTITY_VERIFIER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** The HTTP API's port (api/server.ts). It listens on 127.0.0.1 only: a proxy with TLS goes in front. */
  API_PORT: z.coerce.number().int().min(1).max(65535).default(8089),
  /**
   * OIDC bearer tokens (api/auth/oidc.ts): the issuer (the `iss` they must carry), the audience (`aud`)
   * and where its signing keys are: a JWKS URL, or a JWKS file for an issuer the API cannot reach.
   * Unset issuer: only API tokens are accepted.
   */
  OIDC_ISSUER: z.url({ error: 'must be a URL' }).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  OIDC_JWKS_FILE: z.string().min(1).optional(),
  /** The claim that holds the caller's roster id; `sub` unless the issuer puts it elsewhere. */
  OIDC_ROSTER_CLAIM: z.string().min(1).default('sub'),
  /** Where the CLI (and other clients) find the API; default: this machine's API_PORT. */
  COMPLIANCE_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
  /** The CLI's credential: the token itself, or a file holding it (default DATA_DIR/admin-token). */
  COMPLIANCE_TOKEN: z.string().min(1).optional(),
  COMPLIANCE_TOKEN_FILE: z.string().min(1).optional(),
});

const RetrySchedule = EnvFields.pick({ WEBHOOK_RETRY_BASE_MS: true, WEBHOOK_RETRY_MAX_MS: true });

export const EnvSchema = EnvFields.refine((e) => !e.TEMPORAL_TLS_CERT === !e.TEMPORAL_TLS_KEY, {
  path: ['TEMPORAL_TLS_KEY'],
  message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together',
}).refine((e) => e.WEBHOOK_RETRY_BASE_MS <= e.WEBHOOK_RETRY_MAX_MS, {
  path: ['WEBHOOK_RETRY_MAX_MS'],
  message: 'must not be less than WEBHOOK_RETRY_BASE_MS',
  // Compared only once both are valid on their own: a base out of range is one error, on the base,
  // not a second one blaming a valid cap.
  when: (payload) => RetrySchedule.safeParse(payload.value).success,
}).refine((e) => e.IDENTITY_VERIFIER !== 'http' || e.IDENTITY_VERIFIER_URL, {
  path: ['IDENTITY_VERIFIER_URL'],
  message: 'is required with IDENTITY_VERIFIER=http',
}).refine((e) => e.IDENTITY_VERIFIER !== 'http' || e.IDENTITY_VERIFIER_TOKEN_FILE, {
  path: ['IDENTITY_VERIFIER_TOKEN_FILE'],
  message: 'is required with IDENTITY_VERIFIER=http',
});

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls?: { clientCertPair?: { crt: Buffer; key: Buffer } } | true;
    apiKey?: string;
    /** true when no address was configured: `npm start` runs the dev server here. */
    embedded: boolean;
    devPort?: number;
    devUiPort?: number;
    /** PAYLOAD_KEYS_FILE: read when a client or worker connects, not at load (a CLI command on the store alone needs none). */
    payloadKeysFile: string;
  };
  /** DATABASE_URL: the app role. */
  databaseUrl: string;
  /** DATABASE_OWNER_URL: the owner role, for migrations; the embedded store's owner when DATABASE_URL is unset. */
  databaseOwnerUrl?: string;
  /** The role migrations grant to (DATABASE_APP_ROLE, else DATABASE_URL's user). */
  databaseAppRole?: string;
  checkpoints: {
    /** CHECKPOINT_SIGNING_KEY_FILE */
    signingKeyFile: string;
    /** CHECKPOINT_DIR */
    dir: string;
    /** CHECKPOINT_EVERY, in milliseconds */
    everyMs: number;
  };
  /** true when DATABASE_URL is unset: `npm start` runs PostgreSQL here, on EMBEDDED_DB_PORT. */
  databaseEmbedded: boolean;
  smtpUrl: string;
  smtpEmbedded: boolean;
  mailFrom: string;
  dataDir: string;
  mailViewerPort: number;
  codecServerPort: number;
  embeddedDbPort: number;
  embeddedSmtpPort: number;
  policy: Policy;
  /** The worker's workflow cache size (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows: number;
  /** Where the action-signing key and the trusted public keys are (ACTION_SIGNING_KEY_FILE, ACTION_VERIFY_KEYS_FILE). */
  actionKeys: { signingKeyFile: string; verifyKeysFile: string };
  /** The prebuilt workflow bundle's code, when WORKFLOW_BUNDLE names one. */
  workflowBundleCode?: string;
  /** The measures webhook deliverer (webhooks/deliverer.ts) and the key its secrets are sealed with. */
  webhooks: {
    secretsKeyFile: string;
    pollMs: number;
    timeoutMs: number;
    retry: { baseMs: number; maxMs: number };
  };
  /** The HTTP API's port, on 127.0.0.1. */
  apiPort: number;
  /** OIDC bearer tokens, when an issuer is configured. */
  oidc?: OidcConfig;
  /** Real identities: where the vault's keys are and who verifies claims (identity/deps.ts). */
  identity: {
    keysFile: string;
    verifier: { kind: 'store' } | { kind: 'http'; url: string; tokenFile: string; timeoutMs: number };
  };
  /** What a client of the API (the CLI) uses. */
  client: { apiUrl: string; token?: string; tokenFile: string };
}

export interface OidcConfig {
  issuer: string;
  audience: string;
  /** Exactly one of the two: the issuer's JWKS URL, or its key set read from OIDC_JWKS_FILE. */
  jwksUrl?: string;
  jwks?: { keys: Record<string, unknown>[] };
  /** The claim holding the roster id. */
  rosterClaim: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A file a variable names; one that cannot be read is a ConfigError naming the variable. */
function readVarFile(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError(`${name}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Reads and validates the configuration; a wrong value throws naming the variable and the rule. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(`invalid configuration: ${formatIssues(parsed.error.issues)}`);
  const e = parsed.data;

  let policyInput: unknown = {};
  if (e.POLICY_FILE) {
    try {
      policyInput = JSON.parse(readFileSync(e.POLICY_FILE, 'utf8'));
    } catch (err) {
      throw new ConfigError(`POLICY_FILE: cannot read ${e.POLICY_FILE} as JSON: ${(err as Error).message}`);
    }
  }
  let policy: Policy;
  try {
    policy = parsePolicy(policyInput);
  } catch (err) {
    throw new ConfigError(`POLICY_FILE${e.POLICY_FILE ? ` (${e.POLICY_FILE})` : ''}: ${(err as Error).message}`);
  }

  let tls: Config['temporal']['tls'];
  if (e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY) {
    tls = { clientCertPair: { crt: readVarFile('TEMPORAL_TLS_CERT', e.TEMPORAL_TLS_CERT), key: readVarFile('TEMPORAL_TLS_KEY', e.TEMPORAL_TLS_KEY) } };
  } else if (e.TEMPORAL_TLS || e.TEMPORAL_API_KEY) {
    tls = true;
  }

  // OIDC's variables go together: checked once each is valid on its own, so an error names one variable.
  let oidc: OidcConfig | undefined;
  if (e.OIDC_ISSUER && !e.OIDC_AUDIENCE) {
    throw new ConfigError('invalid configuration: OIDC_AUDIENCE: is required with OIDC_ISSUER (a token meant for another service must not open this one)');
  }
  if (e.OIDC_ISSUER && !e.OIDC_JWKS_URL === !e.OIDC_JWKS_FILE) {
    throw new ConfigError('invalid configuration: OIDC_JWKS_URL: OIDC_ISSUER needs exactly one of OIDC_JWKS_URL, OIDC_JWKS_FILE');
  }
  if (e.OIDC_ISSUER && e.OIDC_AUDIENCE) {
    let jwks: OidcConfig['jwks'];
    if (e.OIDC_JWKS_FILE) {
      try {
        jwks = JSON.parse(readVarFile('OIDC_JWKS_FILE', e.OIDC_JWKS_FILE).toString('utf8'));
      } catch (err) {
        if (err instanceof ConfigError) throw err;
        throw new ConfigError(`OIDC_JWKS_FILE: ${e.OIDC_JWKS_FILE} is not JSON: ${(err as Error).message}`);
      }
      if (!Array.isArray(jwks?.keys)) throw new ConfigError(`OIDC_JWKS_FILE: ${e.OIDC_JWKS_FILE} must be a JWKS ({"keys": [...]})`);
    }
    oidc = { issuer: e.OIDC_ISSUER, audience: e.OIDC_AUDIENCE, jwksUrl: e.OIDC_JWKS_URL, jwks, rosterClaim: e.OIDC_ROSTER_CLAIM };
  }

  const workflowBundleCode = e.WORKFLOW_BUNDLE ? readVarFile('WORKFLOW_BUNDLE', e.WORKFLOW_BUNDLE).toString('utf8') : undefined;

  return {
    workflowBundleCode,
    temporal: {
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_DEV_PORT ?? 7233}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls,
      apiKey: e.TEMPORAL_API_KEY,
      embedded: !e.TEMPORAL_ADDRESS,
      devPort: e.TEMPORAL_DEV_PORT,
      devUiPort: e.TEMPORAL_DEV_UI_PORT,
      payloadKeysFile: e.PAYLOAD_KEYS_FILE ?? join(e.DATA_DIR, 'keys', 'payload-keys.json'),
    },
    databaseUrl: e.DATABASE_URL ?? `postgres://${EMBEDDED_STORE_ROLES.app}@127.0.0.1:${e.EMBEDDED_DB_PORT}/postgres`,
    databaseOwnerUrl: e.DATABASE_OWNER_URL ?? (e.DATABASE_URL ? undefined : `postgres://${EMBEDDED_STORE_ROLES.owner}@127.0.0.1:${e.EMBEDDED_DB_PORT}/postgres`),
    databaseAppRole: e.DATABASE_APP_ROLE ?? (e.DATABASE_URL ? decodeURIComponent(new URL(e.DATABASE_URL).username) || undefined : EMBEDDED_STORE_ROLES.app),
    checkpoints: {
      signingKeyFile: e.CHECKPOINT_SIGNING_KEY_FILE ?? join(e.DATA_DIR, 'keys', 'checkpoint-signing.pem'),
      dir: e.CHECKPOINT_DIR ?? join(e.DATA_DIR, 'checkpoints'),
      everyMs: e.CHECKPOINT_EVERY,
    },
    databaseEmbedded: !e.DATABASE_URL,
    smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.EMBEDDED_SMTP_PORT}`,
    smtpEmbedded: !e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    dataDir: e.DATA_DIR,
    mailViewerPort: e.MAIL_VIEWER_PORT,
    codecServerPort: e.CODEC_SERVER_PORT,
    embeddedDbPort: e.EMBEDDED_DB_PORT,
    embeddedSmtpPort: e.EMBEDDED_SMTP_PORT,
    policy,
    maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    webhooks: {
      secretsKeyFile: e.WEBHOOK_SECRETS_KEY_FILE ?? join(e.DATA_DIR, 'keys', 'webhook-secrets.key'),
      pollMs: e.WEBHOOK_POLL_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retry: { baseMs: e.WEBHOOK_RETRY_BASE_MS, maxMs: e.WEBHOOK_RETRY_MAX_MS },
    },
    actionKeys: {
      signingKeyFile: e.ACTION_SIGNING_KEY_FILE ?? join(e.DATA_DIR, 'keys', 'action-signing-key.json'),
      verifyKeysFile: e.ACTION_VERIFY_KEYS_FILE ?? join(e.DATA_DIR, 'keys', 'action-verify-keys.json'),
    },
    apiPort: e.API_PORT,
    oidc,
    identity: {
      keysFile: e.IDENTITY_KEYS_FILE ?? join(e.DATA_DIR, 'keys', 'identity-keys.json'),
      verifier:
        e.IDENTITY_VERIFIER === 'http'
          ? { kind: 'http', url: e.IDENTITY_VERIFIER_URL!, tokenFile: e.IDENTITY_VERIFIER_TOKEN_FILE!, timeoutMs: e.IDENTITY_VERIFIER_TIMEOUT_MS }
          : { kind: 'store' },
    },
    client: {
      apiUrl: e.COMPLIANCE_API_URL ?? `http://127.0.0.1:${e.API_PORT}`,
      token: e.COMPLIANCE_TOKEN,
      tokenFile: e.COMPLIANCE_TOKEN_FILE ?? join(e.DATA_DIR, 'admin-token'),
    },
  };
}
