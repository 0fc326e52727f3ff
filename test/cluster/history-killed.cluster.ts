/**
 * `npm run test:cluster` (not part of `npm test`): name-correction cases on a Temporal cluster as
 * production runs one (scripts/cluster.ts: PostgreSQL, SQL visibility, frontend, history, matching and
 * worker services as separate processes), the product's own worker process, the store on PostgreSQL,
 * the SMTP sink as the relay. The history service is SIGKILLed in the middle of the cases and started
 * again: every case must reach its outcome with each record, notice row and e-mail exactly once.
 *
 * The worker runs a policy of minutes (2-minute window, a reminder 1 minute before the deadline), so
 * that one case runs to its deadline within the test, and its reminder falls due while history is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { casesQuery } from '../../api/queue/case-list';
import { startCluster, type Cluster } from '../../scripts/cluster';
import { getNameCorrection } from '../../services/name-correction';
import { setOperator } from '../../services/operators';
import { getAccount } from '../../store/accounts';
import { bundleOptions } from '../../workers/bundle';
import { startFaultStack, type FaultStack } from '../fault/fault-stack';
import { seedAccount, seedOperators } from '../helpers/stack';
import { eventually, until } from '../helpers/wait';
import { ensurePayloadKeys } from '../../codec/keys';

const dir = mkdtempSync(join(tmpdir(), 'compliance-cluster-test-'));
let cluster: Cluster;
let stack: FaultStack;
const log = (msg: string) => process.stderr.write(`[cluster test ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

beforeAll(async () => {
  const policyFile = join(dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({ version: 'cluster-test', nameCorrection: { window: '2 minutes', remindBefore: ['1 minute'], maxExtension: '1 day' } }),
  );
  const t0 = Date.now();
  // Workers start without bundling: the bundle is built once, while the cluster starts.
  const [c, bundle] = await Promise.all([
    startCluster(),
    bundleWorkflowCode({ ...bundleOptions(), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never }),
  ]);
  cluster = c;
  const bundleFile = join(dir, 'workflow-bundle.js');
  writeFileSync(bundleFile, bundle.code);
  process.env.TEST_WORKFLOW_BUNDLE = bundleFile;
  // Payload keys for the run (no global setup here): the test's client and its worker processes share them.
  process.env.PAYLOAD_KEYS_FILE = join(dir, 'payload-keys.json');
  ensurePayloadKeys(process.env.PAYLOAD_KEYS_FILE);
  log(`cluster up in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${cluster.description}; ${cluster.dir}`);
  stack = await startFaultStack({ address: cluster.address });
  await seedOperators(stack.db);
  const worker = stack.startWorker({ env: { POLICY_FILE: policyFile } });
  await worker.waitForLine(/worker polling task queue/);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RESTORED = {
  records: ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service'],
  notices: ['opened', 'restored'],
  measures: ['suspend_service:lifted'],
  outbox: ['imposed:suspend_service', 'lifted:suspend_service'],
  status: 'active',
};
const REFUSED = {
  records: ['suspend_service', 'refuse_correction', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'],
  notices: ['opened', 'terminated'],
  measures: ['suspend_service:active', 'terminate_service:active'],
  outbox: ['imposed:suspend_service', 'imposed:terminate_service'],
  status: 'terminated',
};
const DEADLINE = {
  records: ['suspend_service', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'],
  notices: ['opened', 'reminder', 'terminated'],
  measures: ['suspend_service:active', 'terminate_service:active'],
  outbox: ['imposed:suspend_service', 'imposed:terminate_service'],
  status: 'terminated',
};

test('the history service SIGKILLed mid-case and started again: every case finishes once, nothing lost or doubled', async () => {
  const cases = {
    // Under review when history dies; approved while it is down (the call waits it out).
    'cl-review': { expect: RESTORED, outcome: 'restored' },
    // The account holder refuses a moment before the kill: the closing measures and notice are in flight.
    'cl-refuse': { expect: REFUSED, outcome: 'terminated' },
    // Its opening notice is held by the relay (an activity mid-SMTP) when history dies.
    'cl-mail': { expect: RESTORED, outcome: 'restored' },
    // Left alone: its reminder falls due while history is down, then the deadline closes it.
    'cl-deadline': { expect: DEADLINE, outcome: 'terminated' },
  } as const;
  type Id = keyof typeof cases;
  const ids = Object.keys(cases) as Id[];
  const refs = new Map<Id, { email: string; caseRef: string }>();
  for (const id of ids) refs.set(id, { email: (await seedAccount(stack.db, id, '国务院观察')).email, caseRef: '' });
  const open = async (id: Id) => {
    refs.get(id)!.caseRef = (await stack.nc.open(id)).caseRef;
  };

  await open('cl-deadline');
  const reminderAt = Date.parse((await getNameCorrection(stack.deps, 'cl-deadline')).deadline!.at) - 60_000;
  await open('cl-review');
  await open('cl-refuse');
  await stack.nc.noticed('cl-review');
  await stack.nc.submit('cl-review', { name: '生活记录cl' });
  await stack.nc.noticed('cl-refuse');

  // History goes a few seconds before the deadline case's reminder is due, and stays down past it.
  await new Promise((r) => setTimeout(r, Math.max(0, reminderAt - 8_000 - Date.now())));
  let stalled = false;
  stack.stallFor.add(refs.get('cl-mail')!.email);
  stack.onStall = () => (stalled = true);
  await open('cl-mail');
  await until(async () => stalled);
  // What the cases are doing just before (for the log: activities in flight are the point).
  for (const id of ids) {
    const pending = (await stack.nc.handle(id).describe()).raw.pendingActivities ?? [];
    log(`${id}: ${pending.length ? pending.map((a) => a.activityType?.name).join(', ') : 'no activity'} in flight`);
  }
  // Refused, and (four eyes) the termination proposed and confirmed: its closing measures and notice start at once.
  await stack.nc.refuse('cl-refuse', '不改');
  await stack.nc.propose('cl-refuse');
  await stack.nc.confirm('cl-refuse');
  const historyPid = cluster.services.history.pid;
  await cluster.services.history.kill();
  const killedAt = Date.now();
  log(`history (pid ${historyPid}) SIGKILLed; the reminder was due in ${((reminderAt - killedAt) / 1000).toFixed(1)} s`);
  const approveWhileDown = stack.nc.approve('cl-review');
  await new Promise((r) => setTimeout(r, Math.max(12_000, reminderAt + 4_000 - Date.now())));
  await cluster.services.history.start();
  log(`history started again (pid ${cluster.services.history.pid}) after ${((Date.now() - killedAt) / 1000).toFixed(1)} s down`);

  await approveWhileDown;
  log(`the approval sent while history was down answered ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
  await stack.nc.noticed('cl-mail');
  await stack.nc.submit('cl-mail', { name: '生活记录clm' });
  await stack.nc.approve('cl-mail');
  // The deadline case's termination is due once its deadline passed: proposed and confirmed (four eyes).
  await until(async () => (await getNameCorrection(stack.deps, 'cl-deadline')).stage === 'termination_due', 120_000);
  await stack.nc.propose('cl-deadline');
  await stack.nc.confirm('cl-deadline');

  for (const id of ids) {
    const result = await stack.nc.result(id);
    expect({ id, outcome: result.outcome }).toEqual({ id, outcome: cases[id].outcome });
    const { email, caseRef } = refs.get(id)!;
    const want = cases[id].expect;
    const got = await stack.outcomeOf(caseRef, email);
    expect({ id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      id,
      records: want.records,
      notices: want.notices,
      mails: want.notices,
      messageIds: want.notices.length,
    });
    expect({ id, ...(await stack.measuresOf(caseRef)) }).toEqual({ id, measures: want.measures, outbox: want.outbox });
    expect((await getAccount(stack.db, id))!.status).toBe(want.status);
  }
  // The reminder went out after history came back, not before the kill and not twice.
  const events = (await getNameCorrection(stack.deps, 'cl-deadline')).events;
  const reminders = events.filter((e) => e.type === 'reminder_sent');
  expect(reminders).toHaveLength(1);
  expect(Date.parse(reminders[0]!.at)).toBeGreaterThan(killedAt);
}, 360_000);

test("the product's visibility queries run on SQL visibility: the work queue (cli cases) and the roster broadcast", async () => {
  const list = async (query: string) => {
    const ids: string[] = [];
    for await (const wf of stack.client.workflow.list({ query })) ids.push(wf.workflowId);
    return ids.sort();
  };
  await seedAccount(stack.db, 'cl-open', '国务院观察');
  await stack.nc.open('cl-open');
  await stack.nc.noticed('cl-open');
  // The queries `npm run cli -- cases` sends: open, closed, by stage, due within a window.
  await eventually(async () => expect(await list(casesQuery(stack.taskQueue, {}))).toEqual(['name-correction:cl-open']));
  await eventually(async () =>
    expect(await list(casesQuery(stack.taskQueue, { closed: 'true' }))).toEqual(
      ['cl-deadline', 'cl-mail', 'cl-refuse', 'cl-review'].map((id) => `name-correction:${id}`),
    ),
  );
  expect(await list(casesQuery(stack.taskQueue, { kind: 'name-correction', stage: 'awaiting_correction', dueWithin: '1h' }))).toEqual([
    'name-correction:cl-open',
  ]);
  expect(await list(casesQuery(stack.taskQueue, { stage: 'under_review' }))).toEqual([]);
  // What SQL visibility takes and refuses (docs/PRODUCTION.md, "Trying a Temporal cluster here"): the product relies on
  // none of what it refuses.
  const q = `TaskQueue = "${stack.taskQueue}" AND `;
  const found = ['name-correction:cl-open'];
  expect(await list(`${q}CaseStage IN ("awaiting_correction", "under_review") AND ExecutionStatus = "Running"`)).toEqual(found);
  expect(await list(`${q}DeadlineAt BETWEEN "2000-01-01T00:00:00Z" AND "2100-01-01T00:00:00Z" AND ExecutionStatus = "Running"`)).toEqual(found);
  expect(await list(`${q}CaseRef STARTS_WITH "NC-" AND AccountId = "cl-open"`)).toEqual(found);
  const refusal = (query: string) =>
    list(query).then(
      () => 'accepted',
      (err: Error & { cause?: Error }) => err.cause?.message ?? err.message,
    );
  expect(await refusal(`${q}CaseKind = "name-correction" ORDER BY DeadlineAt`)).toMatch(/order by/i);
  expect(await refusal(`${q}CaseRef LIKE "NC-%"`)).toMatch(/like/i);
  // setOperator tells every open case of the task queue (`CaseKind IS NOT NULL`) to read the roster again.
  const told = await setOperator(stack.deps, { id: 'admin-test', roles: ['admin'] }, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
  expect({ told: told.told, failed: told.failed }).toEqual({ told: 1, failed: 0 });
  await stack.nc.withdraw('cl-open');
  expect((await stack.nc.result('cl-open')).outcome).toBe('withdrawn');
}, 120_000);
