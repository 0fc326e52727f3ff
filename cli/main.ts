import { WorkflowNotFoundError } from '@temporalio/client';
import { Command } from 'commander';
import { ConfigError } from '../config/env';
import { ROLES, type Role } from '../rules/roles';
import { InvalidInputError } from '../schemas/errors';
import { CaseActionRefusedError, CaseNotFoundError } from '../services/case/errors';
import { DEMO_ACCOUNTS, DEMO_OPERATORS, seedDemo } from '../services/demo/seed';
import { openNameCorrection } from '../services/name-correction';
import { setOperator } from '../services/operators';
import { listRecords } from '../store/records';
import { caseWorkflowId } from '../workflows/case/ids';
import { NAME_CORRECTION } from '../workflows/name-correction/messages';
import { CaseRef } from '../workflows/search-attributes';
import { registerAccounts } from './accounts';
import { registerCases } from './cases';
import { asPrincipal, output, run } from './deps';
import { beijing, CliError, table } from './format';
import { registerNameCorrection } from './name-correction';

/**
 * The operator CLI: `npm run cli -- <command>`. Output is for people; `--json` prints the service's
 * result as JSON instead, for scripts. Each process adds its commands in cli/<process>.ts.
 */

const program = new Command('cli')
  .description('Operate public-account compliance cases. Times are Beijing time (北京时间).')
  .option('--json', "print the command's result as JSON (for scripts) instead of text")
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `
Examples:
  npm run cli -- demo                                    sample data and a case to try
  npm run cli -- cases --due-within 24h                  what falls due in the next day
  npm run cli -- cases --stage under_review              the reviewers' queue
  npm run cli -- nc show demo-gwy-fans                   one case: deadline, submissions, events
  npm run cli -- --json nc show demo-gwy-fans            the same, as JSON

Configuration comes from the environment (TEMPORAL_ADDRESS, DATABASE_URL, ...: see README.md).`,
  )
  // The mode of the command that runs, wherever the flag was given.
  .hook('preAction', (_program, actionCommand) => {
    output.json = !!actionCommand.optsWithGlobals<{ json?: boolean }>().json;
  });

program
  .command('seed')
  .description('add the sample subjects, accounts and operators (existing ones are left as they are)')
  .action(() =>
    run({
      work: (deps) => seedDemo(deps),
      human: (r) => `sample accounts: ${r.accounts.join(', ')}\noperators: ${r.operators.join(', ')}\n(insert-only: existing ones were left as they are)`,
    }),
  );

const DEMO_ACCOUNT = 'demo-gwy-fans';
const NEXT = [
  `npm run cli -- nc show ${DEMO_ACCOUNT}`,
  `npm run cli -- nc submit ${DEMO_ACCOUNT} --name 张三的政策笔记`,
  `npm run cli -- nc review ${DEMO_ACCOUNT} --operator reviewer-li --submission 1 --approve --reason 名称合规`,
];

program
  .command('demo')
  .description(`seed, then open a name-correction case for ${DEMO_ACCOUNT} unless it has had one`)
  .action(() =>
    run({
      work: async (deps) => {
        await seedDemo(deps);
        const workflowId = caseWorkflowId(NAME_CORRECTION.kind, DEMO_ACCOUNT);
        const ui = `http://127.0.0.1:${deps.config.temporal.devUiPort ?? 8233}/namespaces/${deps.config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}`;
        const links = { ui, mail: `http://127.0.0.1:${deps.config.mailViewerPort}`, next: NEXT };
        // Any case, open or closed, means the demo ran: a second one would reopen a case the user may
        // have finished (and suspend the account again). describe() is read-your-writes, unlike a list.
        try {
          const d = await deps.client.workflow.getHandle(workflowId).describe();
          return { workflowId, caseRef: d.typedSearchAttributes.get(CaseRef) ?? '', created: false, status: d.status.name, ...links };
        } catch (err) {
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
        const opened = await openNameCorrection(deps, asPrincipal('content-risk-service'), {
          accountId: DEMO_ACCOUNT,
          findings: [{ field: 'name', ground: 'implies_party_or_state_body', detail: '名称含「国务院」，足以使人误解为国家机关账号' }],
        });
        return { ...opened, ...links };
      },
      human: (r) =>
        [
          `sample accounts (${DEMO_ACCOUNTS.map((a) => a.id).join(', ')}) and operators (${DEMO_OPERATORS.map((o) => o.id).join(', ')}) are in the store`,
          r.created
            ? `opened ${r.caseRef} for ${DEMO_ACCOUNT}: service is suspended and the account holder notified`
            : `${DEMO_ACCOUNT} has had a name-correction case already (${r.caseRef}, ${'status' in r ? r.status : ''}): nothing changed`,
          `case in the Temporal UI: ${r.ui}`,
          `notices: ${r.mail}`,
          'next:',
          ...r.next.map((n) => `  ${n}`),
        ].join('\n'),
    }),
  );

program
  .command('records <accountId>')
  .description('the records (measures and decisions) of an account, in order')
  .action((accountId: string) =>
    run({
      needs: 'store',
      work: (deps) => listRecords(deps.db, { accountId }),
      human: (rows) =>
        rows.length
          ? table(
              ['TIME (北京时间)', 'ACTION', 'ACTOR', 'CASE', 'REASON'],
              rows.map((r) => [beijing(r.at, { seconds: true, label: false }), r.action, r.actor, r.caseRef ?? '-', r.reason.replace(/\s+/g, ' ')]),
            )
          : `no records for account ${accountId}`,
    }),
  );

const isRole = (r: string): r is Role => ROLES.some((x) => x === r);

program
  .command('operator <id>')
  .description('add or change an operator on the roster; open cases are told')
  .requiredOption('--name <displayName>', 'the name shown in records')
  .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
  .option('--inactive', 'take the operator off the roster')
  .action((id: string, o: { name: string; roles: string; inactive?: boolean }) =>
    run({
      flags: { id: '<id>', displayName: '--name', roles: '--roles', 'roles.0': '--roles', active: '--inactive' },
      work: async (deps) => {
        const given = o.roles.split(',').map((r) => r.trim()).filter(Boolean);
        const unknown = given.filter((r) => !isRole(r));
        if (unknown.length) {
          const rule = `${unknown.map((r) => `"${r}"`).join(', ')} is not a role; must be one of: ${ROLES.join(', ')}`;
          throw new InvalidInputError(`invalid operator: roles: ${rule}`, [{ field: 'roles', rule }]);
        }
        const broadcast = await setOperator(deps, { id, displayName: o.name, roles: given.filter(isRole), active: !o.inactive });
        return { id, ...broadcast };
      },
      human: (r) =>
        `operator ${r.id} (${o.name}): ${o.roles}, ${o.inactive ? 'inactive' : 'active'}; roster version ${r.version}\n` +
        `open cases told to read the roster again: ${r.told}${r.failed ? `; not reached: ${r.failed} (closed meanwhile, or an error: they read it when they next run)` : ''}`,
    }),
  );

registerAccounts(program);
registerCases(program);
registerNameCorrection(program);

const KNOWN = [CliError, InvalidInputError, CaseActionRefusedError, CaseNotFoundError, ConfigError];

program.parseAsync().catch((err: unknown) => {
  // Known errors are the user's to fix: the message only. Anything else is ours: the stack helps.
  const refused = err instanceof Error && (KNOWN.some((k) => err instanceof k) || /ECONNREFUSED|failed to connect|connection refused/i.test(err.message));
  console.error(refused ? `error: ${(err as Error).message}` : err);
  process.exitCode = 1;
});
