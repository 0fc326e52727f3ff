import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/env';
import type { Sql } from '../store/db';
import { httpVerifier } from './http-verifier';
import { readIdentityKeys } from './keys';
import { storeVerifier } from './store-verifier';
import { identityVault, type IdentityVault } from './vault';
import type { IdentityVerifier } from './verifier';

/** What anything touching real identities needs: the vault, and the verifier the configuration names. */
export interface IdentityDeps {
  vault: IdentityVault;
  verifier: IdentityVerifier;
}

export function loadIdentityDeps(config: Pick<Config, 'identity'>, db: Sql): IdentityDeps {
  const vault = identityVault(readIdentityKeys(config.identity.keysFile));
  const v = config.identity.verifier;
  if (v.kind === 'store') return { vault, verifier: storeVerifier(db, vault) };
  let token: string;
  try {
    token = readFileSync(v.tokenFile, 'utf8').trim();
  } catch (err) {
    throw new Error(`IDENTITY_VERIFIER_TOKEN_FILE: cannot read ${v.tokenFile}: ${(err as Error).message}`);
  }
  if (!token) throw new Error(`IDENTITY_VERIFIER_TOKEN_FILE: ${v.tokenFile} is empty`);
  return { vault, verifier: httpVerifier({ url: v.url, token, timeoutMs: v.timeoutMs }) };
}

/** Throwaway keys and the store verifier: for a run that keeps no identities (the benchmark). */
export function ephemeralIdentityDeps(db: Sql): IdentityDeps {
  const fresh = () => randomBytes(32);
  const vault = identityVault({ sealing: { current: 'ephemeral', keys: new Map([['ephemeral', fresh()]]) }, lookup: fresh() });
  return { vault, verifier: storeVerifier(db, vault) };
}
