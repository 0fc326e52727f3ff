import { Command } from 'commander';
import { ComplianceApiError, ComplianceUnreachableError } from '../client';
import { ConfigError } from '../config/env';
import { registerAccess } from './access';
import { registerAccountTransfer } from './account-transfer';
import { registerAccounts } from './accounts';
import { registerCases } from './cases';
import { registerDemo } from './demo';
import { credential, output } from './deps';
import { CliError } from './format';
import { registerNameCorrection } from './name-correction';
import { registerRegistration } from './registration';
import { registerRecords } from './records';
import { registerUnauthorisedTransfer } from './unauthorised-transfer';
import { registerVoluntaryClosure } from './voluntary-closure';

/**
 * The operator CLI: `npm run cli -- <command>`, a client of the HTTP API. Who you are is your token's
 * roster entry. Output is for people; `--json` prints the API's result as JSON instead, for scripts.
 * Each process adds its commands in cli/<process>.ts.
 */

const program = new Command('cli')
  .description('Operate public-account compliance cases through the API. Times are Beijing time (北京时间).')
  .option('--json', "print the command's result as JSON (for scripts) instead of text")
  .option('--as <id>', 'act as this roster entry, with its token from DATA_DIR/tokens/<id> (the demo makes them)')
  .option('--token-file <file>', 'read the API token from this file')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Examples:
  npm run cli -- demo                                         sample roster, accounts and a case to try
  npm run cli -- --as reviewer-li cases --due-within 24h      what falls due in the next day
  npm run cli -- --as reviewer-li cases --stage under_review  the reviewers' queue
  npm run cli -- --as reviewer-li nc show demo-gwy-fans       one case: deadline, submissions, events
  npm run cli -- --json --as reviewer-li nc show demo-gwy-fans  the same, as JSON

The token: --as, --token-file, COMPLIANCE_TOKEN, COMPLIANCE_TOKEN_FILE, else the first admin's
(DATA_DIR/admin-token, written by the first npm start). The API: COMPLIANCE_API_URL (default
http://127.0.0.1:API_PORT). See README.md.`,
  )
  // The mode and the credential of the command that runs, wherever the flags were given.
  .hook('preAction', (_program, actionCommand) => {
    const o = actionCommand.optsWithGlobals<{ json?: boolean; as?: string; tokenFile?: string }>();
    output.json = !!o.json;
    credential.as = o.as;
    credential.tokenFile = o.tokenFile;
  });

registerDemo(program);
registerAccess(program);
registerAccounts(program);
registerCases(program);
registerNameCorrection(program);
registerRegistration(program);
registerAccountTransfer(program);
registerUnauthorisedTransfer(program);
registerVoluntaryClosure(program);
registerRecords(program);

const KNOWN = [CliError, ComplianceApiError, ComplianceUnreachableError, ConfigError];

program.parseAsync().catch((err: unknown) => {
  // Known errors are the user's to fix: the message only. Anything else is ours: the stack helps.
  const refused = err instanceof Error && KNOWN.some((k) => err instanceof k);
  console.error(refused ? `error: ${(err as Error).message}` : err);
  process.exitCode = 1;
});
