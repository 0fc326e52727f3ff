import type { Principal } from '../rules/roles';
import { loadActionSigner } from '../security/action-signer';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../config/env';
import { connectClient } from '../config/temporal';
import type { ServiceDeps } from '../services/deps';
import { connect, POOL_SIZES, type Db } from '../store/db';
import { CliError, inFlagTerms, type FlagMap } from './format';

/** How a command prints: for people (default), or the service's result as JSON (`--json`, for scripts). */
export const output = { json: false };

/**
 * The caller a command acts as, from its --operator/--by/--via flag. Until the CLI becomes a client of
 * the HTTP API (where a credential proves who calls), it is taken on the flag's word; the case still
 * checks the id against the roster, whose roles are the ones that count.
 */
export const asPrincipal = (id: string): Principal => ({ id, roles: [] });

export interface CliDeps extends ServiceDeps {
  config: Config;
}

/**
 * The store and Temporal from the environment (config/env.ts), as every process of the product reads
 * them. Each is connected only when first asked for, so that `records` or `account show` work while
 * Temporal is down, and `cases` while the store is.
 */
export function openDeps(config: Config = loadConfig()) {
  let db: Db | undefined;
  let client: Promise<Client> | undefined;
  return {
    config,
    db: () => (db ??= connect(config.databaseUrl, POOL_SIZES.cli)),
    client: () =>
      (client ??= connectClient(config.temporal).catch((err: Error) => {
        throw new CliError(`cannot reach Temporal at ${config.temporal.address}: ${err.message}`);
      })),
    async close() {
      await Promise.all([
        db?.end(),
        client?.then((c) => c.connection.close()).catch(() => undefined),
      ]);
    },
  };
}

export interface Command<T> {
  /** Schema field → flag, for errors (cli/format.ts `inFlagTerms`). */
  flags?: FlagMap;
  /** What the command needs: the store, Temporal, or both (the default). */
  needs?: 'store' | 'temporal' | 'both';
  work: (deps: CliDeps) => Promise<T>;
  /** The result for people; the JSON of the result is what `--json` prints. */
  human: (out: T) => string;
}

/** Connects what the command needs, runs it, prints its result, and closes the connections. */
export async function run<T>(cmd: Command<T>): Promise<void> {
  const d = openDeps();
  const needs = cmd.needs ?? 'both';
  try {
    // Unneeded parts are never connected: a getter that throws says so if a command asks anyway.
    const deps: CliDeps = {
      config: d.config,
      taskQueue: d.config.temporal.taskQueue,
      client: needs === 'store' ? missing('Temporal') : await d.client(),
      db: needs === 'temporal' ? missing('the store') : d.db(),
      // Read only by commands that act on cases; a missing key file is an error naming its variable.
      signer: needs === 'store' ? missing('the action-signing key') : loadActionSigner(d.config.actionKeys.signingKeyFile),
    };
    let out: T;
    try {
      out = await cmd.work(deps);
    } catch (err) {
      throw inFlagTerms(err, cmd.flags ?? {});
    }
    console.log(output.json ? JSON.stringify(out, null, 2) : cmd.human(out));
  } finally {
    await d.close();
  }
}

function missing<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: () => {
      throw new Error(`this command was not given ${what}`);
    },
  });
}
