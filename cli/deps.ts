import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createComplianceClient, type ComplianceClient } from '../client';
import { loadConfig, type Config } from '../config/env';
import { OperatorIdSchema } from '../schemas/common';
import { CliError, inFlagTerms, type FlagMap } from './format';

/** How a command prints: for people (default), or the API's result as JSON (`--json`, for scripts). */
export const output = { json: false };

/** Who the CLI calls as: set from the global flags before a command runs. */
export const credential: { tokenFile?: string; as?: string } = {};

/** Where `demo` keeps the sample operators' tokens, and `--as <id>` reads them: DATA_DIR/tokens/<id>. */
export const tokenFileOf = (config: Config, id: string) => join(config.dataDir, 'tokens', id);

/**
 * The token, in the order an operator would expect: `--as <id>` (a token `demo` or an admin left in
 * DATA_DIR/tokens/), `--token-file`, COMPLIANCE_TOKEN, then COMPLIANCE_TOKEN_FILE (by default the
 * admin token the first `npm start` wrote). Who the caller is comes from the token alone.
 */
export function readToken(config: Config): string {
  if (config.client.token && !credential.as && !credential.tokenFile) return config.client.token;
  // A roster id, never a path: `--as ../x` would read a file outside DATA_DIR/tokens/ and send it as a token.
  const asId = credential.as === undefined ? undefined : OperatorIdSchema.safeParse(credential.as);
  if (asId && !asId.success) throw new CliError(`--as: ${asId.error.issues[0]!.message}`);
  const file = credential.as ? tokenFileOf(config, credential.as) : (credential.tokenFile ?? config.client.tokenFile);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    const hint = credential.as
      ? `no token for "${credential.as}" there (the demo makes them for its operators; an admin makes others with "token create")`
      : 'set COMPLIANCE_TOKEN or COMPLIANCE_TOKEN_FILE, or give --token-file (npm start writes the first admin\'s to DATA_DIR/admin-token)';
    throw new CliError(`cannot read the API token from ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; ${hint}`);
  }
}

export interface CliContext {
  api: ComplianceClient;
  config: Config;
}

export interface Command<T> {
  /** Schema field → flag, for errors (cli/format.ts `inFlagTerms`). */
  flags?: FlagMap;
  work: (ctx: CliContext) => Promise<T>;
  /** The result for people; the JSON of the result is what `--json` prints. */
  human: (out: T) => string;
}

/** Makes the API client from the environment and the flags, runs the command, prints its result. */
export async function run<T>(cmd: Command<T>): Promise<void> {
  const config = loadConfig();
  const api = createComplianceClient({ baseUrl: config.client.apiUrl, token: readToken(config) });
  let out: T;
  try {
    out = await cmd.work({ api, config });
  } catch (err) {
    throw inFlagTerms(err, cmd.flags ?? {});
  }
  console.log(output.json ? JSON.stringify(out, null, 2) : cmd.human(out));
}
