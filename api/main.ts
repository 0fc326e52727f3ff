import { chmodSync, writeFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/env';
import { connectClient } from '../config/temporal';
import type { Principal } from '../rules/roles';
import { loadActionSigner } from '../security/action-signer';
import { loadIdentityDeps } from '../identity/deps';
import { connect, POOL_SIZES } from '../store/db';
import { startMeasureWebhooks } from '../webhooks/start';
import { authenticate } from './auth/authenticate';
import { bootstrapFirstAdmin } from './auth/bootstrap';
import { createOidcVerifier } from './auth/oidc';
import type { ApiDeps } from './deps';
import { startApi } from './server';

export interface RunningApi {
  url: string;
  /** Where the first admin's token was written on this start; undefined on later starts. */
  adminTokenFile?: string;
  /**
   * The API's own authentication, bound to its store and OIDC: the principal a request's
   * `Authorization: Bearer …` proves (throws when none). For doors beside the API (the codec server).
   */
  authenticate(request: FastifyRequest): Promise<Principal>;
  stop(): Promise<void>;
}

/**
 * The API as a process of the product runs it, configured like every other (config/env.ts): the
 * store, Temporal, the action-signing key, the webhook secrets' key, OIDC when configured. It runs the
 * measures webhook deliverer beside the routes. On the first start (no admin on the roster) it makes
 * the first admin and writes the admin's token to COMPLIANCE_TOKEN_FILE, readable by its owner only:
 * the one place the secret is ever written.
 */
export async function runApi(config: Config): Promise<RunningApi> {
  const db = connect(config.databaseUrl, POOL_SIZES.service);
  const client = await connectClient(config.temporal);
  // Loads the key (a missing one fails the start, naming WEBHOOK_SECRETS_KEY_FILE) and starts delivering.
  const webhooks = startMeasureWebhooks(config, db);
  const deps: ApiDeps = {
    db,
    client,
    taskQueue: config.temporal.taskQueue,
    signer: loadActionSigner(config.actionKeys.signingKeyFile),
    policy: config.policy,
    webhookSecrets: webhooks.webhookSecrets,
    ...loadIdentityDeps(config, db),
    oidc: config.oidc ? createOidcVerifier(config.oidc) : undefined,
  };
  const closeAll = async () => {
    // The deliverer first: it holds store connections until its attempt in flight ends.
    await webhooks.stop();
    await client.connection.close();
    await db.end();
  };
  try {
    let adminTokenFile: string | undefined;
    const token = await bootstrapFirstAdmin(deps);
    if (token) {
      writeFileSync(config.client.tokenFile, `${token}\n`, { mode: 0o600 });
      // A file there already (an earlier store's) keeps its mode on write: set it.
      chmodSync(config.client.tokenFile, 0o600);
      adminTokenFile = config.client.tokenFile;
    }
    const api = await startApi(deps, { port: config.apiPort });
    return {
      url: api.url,
      adminTokenFile,
      authenticate: (request) => authenticate(deps, request),
      async stop() {
        await api.stop();
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll().catch(() => undefined);
    throw err;
  }
}
