/**
 * The Temporal server stopped in the middle of a run and started again from its SQLite file: every
 * case is where it was, workers and clients reconnect, and the cases finish with nothing lost or doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { reviewNameCorrection } from '../../services/name-correction';
import { freePort } from '../../scripts/ports';
import { seedAccount, seedOperators } from '../helpers/stack';
import { until } from '../helpers/wait';
import { startFaultStack, type FaultStack } from './fault-stack';
import { principal } from '../helpers/principals';

const dataDir = mkdtempSync(join(tmpdir(), 'compliance-fault-temporal-'));
let port: number;
let uiPort: number;
let server: DevServer;
let stack: FaultStack;
const startServer = () => startDevServer({ dataDir, port, uiPort, logFile: join(dataDir, 'server.log') });

beforeAll(async () => {
  port = await freePort();
  uiPort = await freePort();
  server = await startServer();
  stack = await startFaultStack({ address: server.address });
  await seedOperators(stack.db);
  stack.startWorker();
});
afterAll(async () => {
  await stack?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the Temporal server restarted mid-run from its SQLite file: every case resumes and finishes once', async () => {
  const ids = ['srv-review', 'srv-refuse', 'srv-mail', 'srv-fresh'];
  const cases = new Map<string, { email: string; caseRef: string }>();
  for (const id of ids) {
    const { email } = await seedAccount(stack.db, id);
    cases.set(id, { email, caseRef: '' });
  }
  const open = async (id: string) => {
    const { caseRef } = await stack.nc.open(id);
    cases.get(id)!.caseRef = caseRef;
  };
  const noticeSent = (id: string) =>
    stack.nc.noticed(id);

  // Cases at different points when the server goes: under review, refused, a notice the relay is
  // holding (its activity in flight), and one opened a moment before.
  for (const id of ['srv-review', 'srv-refuse']) await open(id);
  await noticeSent('srv-review');
  await stack.nc.submit('srv-review', { name: '生活记录srv' });
  await noticeSent('srv-refuse');
  stack.stallFor.add(cases.get('srv-mail')!.email);
  let stalled = false;
  stack.onStall = () => (stalled = true);
  await open('srv-mail');
  await until(async () => stalled);
  await open('srv-fresh');

  await server.stop();
  // Down: nothing reaches the cases. The relay gives up on the held message meanwhile.
  await new Promise((r) => setTimeout(r, 3_000));
  server = await startServer();

  await stack.nc.refuse('srv-refuse', '不改');
  await stack.nc.propose('srv-refuse');
  await stack.nc.confirm('srv-refuse');
  await reviewNameCorrection(stack.deps, principal('reviewer-li'), 'srv-review', { submissionNo: 1, decision: 'approve', reason: '合规' });
  for (const id of ['srv-mail', 'srv-fresh']) {
    await noticeSent(id);
    await stack.nc.submit(id, { name: `生活记录${id}` });
    await stack.nc.approve(id);
  }

  for (const id of ids) {
    const expected = id === 'srv-refuse' ? 'terminated' : 'restored';
    const result = await stack.nc.result(id);
    expect({ id, outcome: result.outcome }).toEqual({ id, outcome: expected });
    const { email, caseRef } = cases.get(id)!;
    const got = await stack.outcomeOf(caseRef, email);
    const records =
      expected === 'restored'
        ? ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service']
        : ['suspend_service', 'refuse_correction', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'];
    const notices = ['opened', expected];
    expect({ id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({ id, records, notices, mails: notices, messageIds: 2 });
  }
}, 240_000);
