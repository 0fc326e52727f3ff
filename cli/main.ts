import { Command, Option } from 'commander';
import { loadConfig } from '../config/env';
import { connectClient } from '../config/temporal';
import { InvalidInputError } from '../schemas/errors';
import { GROUNDS } from '../schemas/name-correction';
import { seedDemo } from '../services/demo/seed';
import type { ServiceDeps } from '../services/deps';
import { CaseActionRefusedError, CaseNotFoundError } from '../services/case/errors';
import {
  extendNameCorrectionDeadline,
  getNameCorrection,
  refuseNameCorrection,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
} from '../services/name-correction';
import { openNameCorrection } from '../services/name-correction';
import { setOperator } from '../services/operators';
import { connect } from '../store/db';
import { listRecords } from '../store/records';

/** The operator CLI: `npm run cli -- <command>`. Every command prints JSON. */

async function withDeps<T>(fn: (deps: ServiceDeps) => Promise<T>): Promise<void> {
  const config = loadConfig();
  const db = connect(config.databaseUrl, config.databaseEmbedded ? 1 : 2);
  const client = await connectClient(config.temporal);
  try {
    const out = await fn({ client, db, taskQueue: config.temporal.taskQueue });
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await client.connection.close();
    await db.end();
  }
}

const program = new Command('cli').description('Operate public-account compliance cases');

program
  .command('seed')
  .description('add the sample subjects, accounts and operators')
  .action(() => withDeps(seedDemo));

program
  .command('demo')
  .description('seed, then open a name-correction case for demo-gwy-fans')
  .action(() =>
    withDeps(async (deps) => {
      await seedDemo(deps);
      const opened = await openNameCorrection(deps, {
        accountId: 'demo-gwy-fans',
        findings: [{ field: 'name', ground: 'implies_party_or_state_body', detail: '名称含「国务院」，足以使人误解为国家机关账号' }],
        openedBy: 'content-risk-service',
      });
      const config = loadConfig();
      return {
        ...opened,
        ui: `http://127.0.0.1:${config.temporal.devUiPort ?? 8233}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(opened.workflowId)}`,
        mail: `http://127.0.0.1:${config.mailViewerPort}`,
        next: [
          'npm run cli -- nc show demo-gwy-fans',
          'npm run cli -- nc submit demo-gwy-fans --name 张三的政策笔记',
          'npm run cli -- nc review demo-gwy-fans --operator reviewer-li --submission 1 --approve --reason 名称合规',
        ],
      };
    }),
  );

const nc = program.command('nc').alias('name-correction').description('name-correction cases (Art. 8 ¶2–3)');

nc.command('open <accountId>')
  .description('open a case: suspends service and notifies the account with a deadline')
  .addOption(new Option('--field <field>', 'the field that failed').choices(['name', 'avatar', 'bio']).default('name'))
  .addOption(new Option('--ground <ground>', 'why it failed').choices([...GROUNDS]).makeOptionMandatory())
  .requiredOption('--detail <text>', 'what exactly is wrong')
  .option('--by <id>', 'the service or operator opening the case', 'cli')
  .action((accountId: string, o: { field: string; ground: string; detail: string; by: string }) =>
    withDeps((deps) =>
      openNameCorrection(deps, { accountId, findings: [{ field: o.field, ground: o.ground, detail: o.detail }], openedBy: o.by }),
    ),
  );

nc.command('submit <accountId>')
  .description("submit the account holder's correction")
  .option('--name <name>')
  .option('--avatar <url>')
  .option('--bio <bio>')
  .action((accountId: string, o: { name?: string; avatar?: string; bio?: string }) =>
    withDeps((deps) => submitNameCorrection(deps, accountId, { profile: { name: o.name, avatarUrl: o.avatar, bio: o.bio } })),
  );

nc.command('refuse <accountId>')
  .description('the account holder refuses to correct: service is terminated')
  .option('--statement <text>')
  .action((accountId: string, o: { statement?: string }) =>
    withDeps((deps) => refuseNameCorrection(deps, accountId, { statement: o.statement })),
  );

nc.command('review <accountId>')
  .description('approve or reject the correction under review')
  .requiredOption('--operator <id>')
  .requiredOption('--submission <n>', 'the submission number', (v) => Number(v))
  .option('--approve')
  .option('--reject')
  .requiredOption('--reason <text>')
  .action((accountId: string, o: { operator: string; submission: number; approve?: boolean; reject?: boolean; reason: string }) =>
    withDeps((deps) => {
      if (!!o.approve === !!o.reject) throw new InvalidInputError('give exactly one of --approve, --reject');
      return reviewNameCorrection(deps, accountId, {
        operatorId: o.operator,
        reason: o.reason,
        submissionNo: o.submission,
        decision: o.approve ? 'approve' : 'reject',
      });
    }),
  );

nc.command('extend <accountId>')
  .description('move the deadline later (supervisor)')
  .requiredOption('--operator <id>')
  .requiredOption('--until <iso>', 'the new deadline, e.g. 2026-12-05T18:00:00+08:00')
  .requiredOption('--reason <text>')
  .action((accountId: string, o: { operator: string; until: string; reason: string }) =>
    withDeps((deps) => extendNameCorrectionDeadline(deps, accountId, { operatorId: o.operator, reason: o.reason, newDeadline: o.until })),
  );

nc.command('withdraw <accountId>')
  .description('withdraw a false positive: service is restored (supervisor)')
  .requiredOption('--operator <id>')
  .requiredOption('--reason <text>')
  .action((accountId: string, o: { operator: string; reason: string }) =>
    withDeps((deps) => withdrawNameCorrection(deps, accountId, { operatorId: o.operator, reason: o.reason })),
  );

nc.command('show <accountId>')
  .description('the case: stage, deadline, submissions, events')
  .action((accountId: string) => withDeps((deps) => getNameCorrection(deps, accountId)));

program
  .command('records <accountId>')
  .description('the records (measures and decisions) of an account, in order')
  .action((accountId: string) => withDeps((deps) => listRecords(deps.db, { accountId })));

program
  .command('operator <id>')
  .description('add or change an operator on the roster; open cases are told')
  .requiredOption('--name <displayName>')
  .requiredOption('--roles <roles>', 'comma-separated: reviewer, supervisor')
  .option('--inactive', 'take the operator off the roster')
  .action((id: string, o: { name: string; roles: string; inactive?: boolean }) =>
    withDeps(async (deps) => {
      const roles = o.roles.split(',').map((r) => r.trim()) as ('reviewer' | 'supervisor')[];
      const told = await setOperator(deps, { id, displayName: o.name, roles, active: !o.inactive });
      return { id, casesTold: told };
    }),
  );

program.parseAsync().catch((err: unknown) => {
  const known = err instanceof InvalidInputError || err instanceof CaseActionRefusedError || err instanceof CaseNotFoundError;
  console.error(known ? `error: ${(err as Error).message}` : err);
  process.exitCode = 1;
});
