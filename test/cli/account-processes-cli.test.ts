import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken } from '../../api/auth/token-admin';
import { startApi } from '../../api/server';
import { parsePolicy } from '../../policy/policy';
import { PROJECT_ROOT } from '../../scripts/tools';
import { getAccount } from '../../store/accounts';
import { secretBox } from '../../webhooks/secret-box';
import { seedDemo } from '../../services/demo/seed';
import { testIdentityDeps } from '../helpers/identity';
import { startStack, type Stack } from '../helpers/stack';

// `ut` and `vc` as a user runs them: the CLI in its own process, a client of the API, on the demo's
// accounts and operators (docs/UNAUTHORISED-TRANSFER.md and docs/VOLUNTARY-CLOSURE.md walk the same).
let stack: Stack;
let stopWorker: () => Promise<void>;
let stopApi: () => Promise<void>;
let env: Record<string, string>;
let dataDir: string;

beforeAll(async () => {
  stack = await startStack();
  stopWorker = (await stack.startWorker()).stop;
  const api = await startApi({ ...stack.deps, policy: parsePolicy({}), webhookSecrets: secretBox(randomBytes(32)), ...testIdentityDeps(stack.db) }, { port: 0 });
  stopApi = api.stop;
  dataDir = mkdtempSync(join(tmpdir(), 'compliance-cli-'));
  env = { DATA_DIR: dataDir, COMPLIANCE_API_URL: api.url, NODE_OPTIONS: '' };
  // The demo's accounts and roster, seeded in the store with a token per operator where the CLI's --as
  // finds it. Not `cli demo`: its registration and name-correction cases have fixed workflow ids, and
  // test/cli/cli.test.ts runs it at the same time on the same Temporal server.
  await seedDemo({ ...stack.deps, ...testIdentityDeps(stack.db) });
  mkdirSync(join(dataDir, 'tokens'), { recursive: true, mode: 0o700 });
  for (const id of ['content-risk-service', 'reviewer-li', 'supervisor-zhao', 'supervisor-wang']) {
    const { token } = await createApiToken(stack.db, { id: 'admin', roles: ['admin'] }, { subject: id, label: 'cli test' });
    writeFileSync(join(dataDir, 'tokens', id), `${token}\n`, { mode: 0o600 });
  }
});
afterAll(async () => {
  await stopApi?.();
  await stopWorker?.();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

test('ut: report, answer, decide to terminate, four eyes; show reads the case', async () => {
  const platform = ['--as', 'content-risk-service', 'ut'];
  expect(await ok(...platform, 'report', 'demo-food', '--signal', 'sale_listing', '--observed-at', '2026-11-30T09:00:00+08:00', '--detail', '账号在交易平台挂牌出售')).toMatch(
    /^reported UT-\d{8}-\w{8} for demo-food: service suspended/,
  );
  await ok(...platform, 'respond', 'demo-food', '--statement', '已卖给朋友');
  expect(await ok('--as', 'reviewer-li', 'ut', 'decide', 'demo-food', '--terminate', '--reason', '持有人承认出售')).toMatch(/^stage: +termination_due$/m);
  await ok('--as', 'supervisor-zhao', 'ut', 'propose-termination', 'demo-food', '--reason', '擅自转让');
  const refused = await cli('--as', 'supervisor-zhao', 'ut', 'confirm-termination', 'demo-food', '--proposal', '1', '--reason', '同意');
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/four eyes: "supervisor-zhao" proposed this termination and may not confirm it/);
  expect(await ok('--as', 'supervisor-wang', 'ut', 'confirm-termination', 'demo-food', '--proposal', '1', '--reason', '同意')).toMatch(/^termination confirmed/);
  const shown = await ok('--as', 'reviewer-li', 'ut', 'show', 'demo-food');
  expect(shown).toMatch(/^answer: 已卖给朋友$/m);
  expect(shown).toMatch(/termination confirmed/);
});

test('vc: apply to close, see the closing date, cancel; a wrong holder is refused in flag terms', async () => {
  const platform = ['--as', 'content-risk-service', 'vc'];
  const wrong = await cli(...platform, 'apply', 'demo-books', '--holder', 'subj-zhang', '--close', '--followers', '800');
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toMatch(/--holder/);
  expect(await ok(...platform, 'apply', 'demo-books', '--holder', 'subj-zhou', '--close', '--followers', '800')).toMatch(/^applied: VC-\d{8}-\w{8} for demo-books/);
  const shown = await ok('--as', 'reviewer-li', 'vc', 'show', 'demo-books');
  expect(shown).toMatch(/^deadline: +\d{4}-\d\d-\d\d \d\d:\d\d 北京时间 — the closure freeze ends \(in 6 d 23 h\)$/m);
  expect(await ok(...platform, 'cancel', 'demo-books')).toMatch(/^closure cancelled\n[\s\S]*outcome: +cancelled \(cancelled by holder\)/);
  expect((await getAccount(stack.db, 'demo-books'))!.status).toBe('active');
});
