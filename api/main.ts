import { chmodSync, writeFileSync } from 'node:fs';
import type { Config } from '../config/env';
import { connectClient } from '../config/temporal';
import { loadActionSigner } from '../security/action-signer';
import { connect, POOL_SIZES } from '../store/db';
import { bootstrapFirstAdmin } from './auth/bootstrap';
import { createOidcVerifier } from './auth/oidc';
import type { ApiDeps } from './deps';
import { startApi } from './server';

export interface RunningApi {
  url: string;
  /** Where the first admin's token was written on this start; undefined on later starts. */
  adminTokenFile?: string;
  stop(): Promise<void>;
}

/**
 * The API as a process of the product runs it, configured like every other (config/env.ts): the
 * store, Temporal, the action-signing key, OIDC when configured. On the first start (no admin on the
 * roster) it makes the first admin and writes the admin's token to COMPLIANCE_TOKEN_FILE, readable by
 * its owner only: the one place the secret is ever written.
 */
export async function runApi(config: Config): Promise<RunningApi> {
  const db = connect(config.databaseUrl, POOL_SIZES.service);
  const client = await connectClient(config.temporal);
  const deps: ApiDeps = {
    db,
    client,
    taskQueue: config.temporal.taskQueue,
    signer: loadActionSigner(config.actionKeys.signingKeyFile),
    policy: config.policy,
    oidc: config.oidc ? createOidcVerifier(config.oidc) : undefined,
  };
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
    async stop() {
      await api.stop();
      await client.connection.close();
      await db.end();
    },
  };
}
