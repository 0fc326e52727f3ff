import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { beijing } from '../../cli/format';
import { PROJECT_ROOT } from '../../scripts/tools';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';

// The CLI as a user runs it: its own process, configured by the environment, against a worker and
// PostgreSQL.
let stack: Stack;
let stopWorker: () => Promise<void>;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startStack();
  stopWorker = (await stack.startWorker()).stop;
  env = {
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: stack.taskQueue,
    DATABASE_URL: stack.db.options.connectionString!,
    // Node options the test run was given are not the CLI's.
    NODE_OPTIONS: '',
  };
});
afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'cli/main.ts'), ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function ok(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.code !== 0) throw new Error(`cli ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Visibility is eventually consistent: asks `cases` again until the output satisfies `done`. */
async function casesUntil(done: (out: string) => boolean, ...args: string[]): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const out = await ok('cases', ...args);
    if (done(out) || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, 500));
  }
}

const DEMO = 'demo-gwy-fans';

test('demo opens the sample case once: a second run changes nothing and says so', async () => {
  const first = await ok('demo');
  expect(first).toMatch(/opened NC-\d{8}-\w{8} for demo-gwy-fans/);
  // The case suspends the account and sends its notice on its own time: the "before" is once it has,
  // and sleeps until its first reminder (its last event a timer started).
  const handle = stack.client.workflow.getHandle(caseWorkflowId('name-correction', DEMO));
  await until(async () => (await handle.fetchHistory()).events?.at(-1)?.timerStartedEventAttributes != null);
  const before = await handle.describe();
  const account = await getAccount(stack.db, DEMO);
  const records = await listRecords(stack.db, { accountId: DEMO });

  const second = await ok('demo');
  expect(second).toMatch(/demo-gwy-fans has had a name-correction case already \(NC-\d{8}-\w{8}, RUNNING\): nothing changed/);
  const after = await handle.describe();
  expect(after.runId).toBe(before.runId);
  expect(after.historyLength).toBe(before.historyLength);
  expect(await getAccount(stack.db, DEMO)).toEqual(account);
  expect(await listRecords(stack.db, { accountId: DEMO })).toEqual(records);
});

test('cases: a work queue of open cases, soonest deadline first, in Beijing time with the time left; --json parses', async () => {
  // The demo case's deadline moves a day later than a case opened now: the new case comes first.
  const demo = JSON.parse(await ok('--json', 'nc', 'show', DEMO)) as { deadline: { at: string } };
  const later = new Date(Date.parse(demo.deadline.at) + 86_400_000).toISOString();
  await ok('nc', 'extend', DEMO, '--operator', 'supervisor-wang', '--until', later, '--reason', '给予更多时间');
  expect(await ok('nc', 'open', 'demo-laowang', '--ground', 'implies_well_known_person', '--detail', '名称暗示知名人士')).toMatch(/^opened NC-/);
  const laowang = JSON.parse(await ok('--json', 'nc', 'show', 'demo-laowang')) as { deadline: { at: string }; caseRef: string };

  const out = await casesUntil((o) => o.includes(beijing(later, { label: false })) && o.includes(beijing(laowang.deadline.at, { label: false })));
  const lines = out.trim().split('\n');
  expect(lines[0]).toMatch(/^CASE\s+KIND\s+ACCOUNT\s+STAGE\s+DEADLINE \(北京时间\)\s+DUE$/);
  expect(lines[1]).toMatch(new RegExp(`^${laowang.caseRef}\\s+name-correction\\s+demo-laowang\\s+awaiting_correction\\s+${beijing(laowang.deadline.at, { label: false })}\\s+in 6 d 23 h$`));
  expect(lines[2]).toMatch(new RegExp(`demo-gwy-fans\\s+awaiting_correction\\s+${beijing(later, { label: false })}\\s+in 7 d 23 h$`));

  const json = JSON.parse(await ok('--json', 'cases', '--account', 'demo-laowang')) as { cases: { caseRef: string; deadlineAt: string }[] };
  expect(json.cases).toEqual([expect.objectContaining({ caseRef: laowang.caseRef, deadlineAt: laowang.deadline.at })]);
  expect(await ok('cases', '--due-within', '6d')).toBe('no open cases match\n');
  expect(await ok('cases', '--closed')).toBe('no closed cases match\n');
});

test('nc show: stage, deadline with the time left, and one line per event with its author', async () => {
  const out = await ok('nc', 'show', 'demo-laowang');
  expect(out).toMatch(/^stage: +awaiting_correction$/m);
  expect(out).toMatch(/^deadline: +\d{4}-\d\d-\d\d \d\d:\d\d 北京时间 \(in 6 d 23 h\)$/m);
  expect(out).toMatch(/^submissions: none yet$/m);
  expect(out).toMatch(/^ {2}0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +cli +case opened: name implies well known person/m);
  expect(out).toMatch(/^ {2}1 +[\d: -]+ +cli +measure imposed: suspend_service$/m);
});

test('records: one line per record, or says there are none', async () => {
  expect(await ok('records', 'demo-tech')).toBe('no records for account demo-tech\n');
  const out = await ok('records', DEMO);
  expect(out).toMatch(/^TIME \(北京时间\)\s+ACTION\s+ACTOR\s+CASE\s+REASON$/m);
  expect(out).toMatch(/suspend_service\s+content-risk-service\s+NC-\d{8}-\w{8}\s+profile failed the compliance check$/m);
});

test('account show: the status the measures in force give, and each measure with its case', async () => {
  const out = await ok('account', 'show', DEMO);
  expect(out).toMatch(/^status: +suspended$/m);
  expect(out).toMatch(/^ {2}NC-\d{8}-\w{8} +suspend_service +\d{4}-\d\d-\d\d \d\d:\d\d +第八条第二款 +content-risk-service$/m);
  const update = await cli('account', 'update', DEMO, '--email', 'a@x.example, b@y.example');
  expect(update.stderr).toBe('error: --email: must be one e-mail address, not a list\n');
});

test('errors name the flag the user typed, on stderr, exit code 1, no stack', async () => {
  const avatar = await cli('nc', 'submit', DEMO, '--avatar', 'http://img.example/a.png');
  expect(avatar).toEqual({ code: 1, stdout: '', stderr: 'error: --avatar: must be an https:// URL\n' });

  const nothing = await cli('nc', 'submit', DEMO);
  expect(nothing.stderr).toBe('error: must change at least one of --name, --avatar, --bio\n');

  // Refused by the case itself (its roster), not by the schema.
  const mallory = await cli('nc', 'withdraw', DEMO, '--operator', 'mallory', '--reason', '误报');
  expect(mallory.code).toBe(1);
  expect(mallory.stderr).toMatch(/^error: withdrawCase for account demo-gwy-fans refused: --operator: "mallory" is not on the operator roster\n$/);

  const account = await cli('nc', 'show', 'bad id');
  expect(account.stderr).toMatch(/^error: <accountId>: must be 1–64 letters/);
  const due = await cli('cases', '--due-within', 'soon');
  expect(due.stderr).toBe('error: --due-within: must be a duration like 24h, 3d or 1d12h\n');
});
