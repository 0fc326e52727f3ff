import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapFirstAdmin } from '../../api/auth/bootstrap';
import { startApi } from '../../api/server';
import { beijing } from '../../cli/format';
import { parsePolicy } from '../../policy/policy';
import { PUBLIC_KEY_FILE } from '../../records/checkpoint';
import { ensureCheckpointSigningKey, readCheckpointSigningKey } from '../../records/keys';
import { makeCheckpoint } from '../../records/make-checkpoint';
import { freePort } from '../../scripts/ports';
import { PROJECT_ROOT } from '../../scripts/tools';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';
import { person, testIdentityDeps, testVault } from '../helpers/identity';
import { registerKnownIdentity } from '../../identity/store-verifier';
import { seedDemoIdentities } from '../../services/demo/seed';
import { secretBox } from '../../webhooks/secret-box';

// The CLI as a user runs it: its own process, a client of the API (on a worker and PostgreSQL), with
// the first admin's token where `npm start` leaves it. Temporal and the database are given to it as
// closed ports: it must not need them.
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
  // The real-name register knows the demo subjects (npm start puts them there).
  await seedDemoIdentities({ db: stack.db, ...testIdentityDeps(stack.db) });
  dataDir = mkdtempSync(join(tmpdir(), 'compliance-cli-'));
  writeFileSync(join(dataDir, 'admin-token'), `${await bootstrapFirstAdmin(stack.deps)}\n`, { mode: 0o600 });
  const closed = await freePort();
  env = {
    DATA_DIR: dataDir,
    COMPLIANCE_API_URL: api.url,
    TEMPORAL_ADDRESS: `127.0.0.1:${closed}`,
    DATABASE_URL: `postgres://nobody@127.0.0.1:${closed}/none`,
    // Node options the test run was given are not the CLI's.
    NODE_OPTIONS: '',
  };
});
afterAll(async () => {
  await stopApi?.();
  await stopWorker?.();
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
    const out = await ok('--as', 'reviewer-li', 'cases', ...args);
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
  expect(second).toMatch(/demo-gwy-fans has had a name-correction case already \(NC-\d{8}-\w{8}, awaiting_correction\): nothing changed/);
  // The sample operators' tokens are where --as finds them, and prove who they are.
  expect(await ok('--as', 'reviewer-li', 'whoami')).toBe('reviewer-li (roles: reviewer)\n');
  expect(await ok('whoami')).toBe('admin (roles: admin)\n');
  const after = await handle.describe();
  expect(after.runId).toBe(before.runId);
  expect(after.historyLength).toBe(before.historyLength);
  expect(await getAccount(stack.db, DEMO)).toEqual(account);
  expect(await listRecords(stack.db, { accountId: DEMO })).toEqual(records);
}, 300_000); // the demo waits for its held registrations to be carried out: slow beside the fault tests

test('cases: a work queue of open cases, soonest deadline first, in Beijing time with the time left; --json parses', async () => {
  // The demo case's deadline moves a day later than a case opened now: the new case comes first.
  const demo = JSON.parse(await ok('--json', '--as', 'reviewer-li', 'nc', 'show', DEMO)) as { deadline: { at: string } };
  const later = new Date(Date.parse(demo.deadline.at) + 86_400_000).toISOString();
  await ok('--as', 'supervisor-wang', 'nc', 'extend', DEMO, '--until', later, '--reason', '给予更多时间');
  expect(await ok('--as', 'content-risk-service', 'nc', 'open', 'demo-laowang', '--ground', 'implies_well_known_person', '--detail', '名称暗示知名人士')).toMatch(/^opened NC-/);
  expect(await ok('--as', 'content-risk-service', 'nc', 'open', 'demo-laowang', '--ground', 'implies_well_known_person', '--detail', '名称暗示知名人士')).toMatch(
    /^demo-laowang already has an open case, NC-\d{8}-\w{8}: nothing opened/,
  );
  const laowang = JSON.parse(await ok('--json', '--as', 'reviewer-li', 'nc', 'show', 'demo-laowang')) as { deadline: { at: string }; caseRef: string };

  const out = await casesUntil((o) => o.includes(beijing(later, { label: false })) && o.includes(beijing(laowang.deadline.at, { label: false })));
  const lines = out.trim().split('\n');
  expect(lines[0]).toMatch(/^CASE\s+KIND\s+ACCOUNT\s+STAGE\s+DEADLINE \(北京时间\)\s+DUE$/);
  expect(lines[1]).toMatch(new RegExp(`^${laowang.caseRef}\\s+name-correction\\s+demo-laowang\\s+awaiting_correction\\s+${beijing(laowang.deadline.at, { label: false })}\\s+in 6 d 23 h$`));
  expect(lines[2]).toMatch(new RegExp(`demo-gwy-fans\\s+awaiting_correction\\s+${beijing(later, { label: false })}\\s+in 7 d 23 h$`));

  const json = JSON.parse(await ok('--json', '--as', 'reviewer-li', 'cases', '--account', 'demo-laowang')) as { cases: { caseRef: string; deadlineAt: string }[] };
  expect(json.cases).toEqual([expect.objectContaining({ caseRef: laowang.caseRef, deadlineAt: laowang.deadline.at })]);
  expect(await ok('--as', 'reviewer-li', 'cases', '--due-within', '6d')).toBe('no open cases match\n');
  // Closed: only the demo's registrations that were held for review and approved.
  const closed = (await ok('--as', 'reviewer-li', 'cases', '--closed')).trim().split('\n').slice(1);
  expect(closed.length).toBeGreaterThan(0);
  for (const line of closed) expect(line).toMatch(/^RG-\d{8}-\w{8}\s+registration\s+demo-\S+\s+registered\s/);
});

test('nc show: stage, deadline with the time left, and one line per event with its author', async () => {
  const out = await ok('--as', 'reviewer-li', 'nc', 'show', 'demo-laowang');
  expect(out).toMatch(/^stage: +awaiting_correction$/m);
  expect(out).toMatch(/^deadline: +\d{4}-\d\d-\d\d \d\d:\d\d 北京时间 \(in 6 d 23 h\)$/m);
  expect(out).toMatch(/^submissions: none yet$/m);
  expect(out).toMatch(/^ {2}0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +content-risk-service +case opened: name implies well known person/m);
  expect(out).toMatch(/^ {2}1 +[\d: -]+ +content-risk-service +measure imposed: suspend_service$/m);
});

test('records: one line per record, or says there are none', async () => {
  expect(await ok('--as', 'auditor-chen', 'records', 'nobody-here')).toBe('no records for account nobody-here\n');
  const out = await ok('--as', 'auditor-chen', 'records', DEMO);
  expect(out).toMatch(/^TIME \(北京时间\)\s+ACTION\s+ACTOR\s+CASE\s+REASON$/m);
  expect(out).toMatch(/suspend_service\s+content-risk-service\s+NC-\d{8}-\w{8}\s+profile failed the compliance check$/m);
});

test('records checkpoints and records verify: through the API, with the auditor\'s copy of the public key', async () => {
  expect(await ok('--as', 'auditor-chen', 'records', 'checkpoints')).toBe('no checkpoint signed yet (the worker signs one every CHECKPOINT_EVERY)\n');
  const keyFile = join(dataDir, 'checkpoint-signing.pem');
  ensureCheckpointSigningKey(keyFile);
  const key = readCheckpointSigningKey(keyFile);
  const { file } = await makeCheckpoint(stack.db, key, join(dataDir, 'checkpoints'));
  const publicKeyFile = join(dataDir, 'checkpoints', PUBLIC_KEY_FILE);
  expect(await ok('--as', 'auditor-chen', 'records', 'checkpoints')).toMatch(new RegExp(`^SIGNED \\(北京时间\\)\\s+HEAD SEQ\\s+RECORDS\\s+HEAD HASH\\s+KEY\\n.*${key.keyId}\\n$`));

  const out = await ok('--as', 'auditor-chen', 'records', 'verify', '--public-key', publicKeyFile, '--checkpoint', file);
  expect(out).toMatch(new RegExp(`^INTACT: \\d+ records, head seq \\d+ \\([0-9a-f]{16}…\\), key ${key.keyId}\\n`));
  expect(out.match(/: holds$/gm)).toHaveLength(2);

  // A kept checkpoint that does not match: NOT INTACT, exit code 1.
  const forged = join(dataDir, 'forged.json');
  writeFileSync(forged, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), headHash: 'f'.repeat(64) }));
  const bad = await cli('--as', 'auditor-chen', 'records', 'verify', '--public-key', publicKeyFile, '--checkpoint', forged);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toMatch(/^NOT INTACT/);

  const noKey = await cli('--as', 'auditor-chen', 'records', 'verify', '--public-key', join(dataDir, 'nope.pem'));
  expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: --public-key: cannot read .*nope\.pem: ENOENT\n$/) });
  const notKey = await cli('--as', 'auditor-chen', 'records', 'verify', '--public-key', forged);
  expect(notKey.stderr).toMatch(/^error: --public-key: must be the checkpoints' Ed25519 public key/);
  const reviewer = await cli('--as', 'reviewer-li', 'records', 'verify', '--public-key', publicKeyFile);
  expect(reviewer.stderr).toMatch(/may not call POST \/v1\/records\/verification; it needs one of: auditor/);
});

test('account show: the status the measures in force give, and each measure with its case', async () => {
  const out = await ok('--as', 'reviewer-li', 'account', 'show', DEMO);
  expect(out).toMatch(/^status: +suspended$/m);
  expect(out).toMatch(/^ {2}NC-\d{8}-\w{8} +suspend_service +\d{4}-\d\d-\d\d \d\d:\d\d +第八条第二款 +content-risk-service$/m);
  const update = await cli('--as', 'content-risk-service', 'account', 'update', DEMO, '--email', 'a@x.example, b@y.example');
  expect(update.stderr).toBe('error: --email: must be one e-mail address, not a list\n');
});

test('errors name the flag the user typed, on stderr, exit code 1, no stack', async () => {
  const avatar = await cli('--as', 'content-risk-service', 'nc', 'submit', DEMO, '--avatar', 'http://img.example/a.png');
  expect(avatar).toEqual({ code: 1, stdout: '', stderr: 'error: --avatar: must be an https:// URL\n' });

  const nothing = await cli('--as', 'content-risk-service', 'nc', 'submit', DEMO);
  expect(nothing.stderr).toBe('error: must change at least one of --name, --avatar, --bio\n');

  // Who acts is the token's roster entry: a reviewer may not withdraw, and no flag says otherwise.
  const reviewer = await cli('--as', 'reviewer-li', 'nc', 'withdraw', DEMO, '--reason', '误报');
  expect(reviewer.code).toBe(1);
  expect(reviewer.stderr).toBe('error: "reviewer-li" (roles: reviewer) may not call POST /v1/cases/name-correction/:accountId/withdraw; it needs one of: supervisor\n');
  const mallory = await cli('--as', 'mallory', 'nc', 'show', DEMO);
  expect(mallory.stderr).toMatch(/^error: cannot read the API token from .*tokens\/mallory: ENOENT; no token for "mallory" there/);
  // --as names a roster entry, not a file: a path is refused before anything is read or sent.
  const path = await cli('--as', '../admin-token', 'nc', 'show', DEMO);
  expect(path).toEqual({ code: 1, stdout: '', stderr: 'error: --as: must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit\n' });

  const account = await cli('--as', 'reviewer-li', 'nc', 'show', 'bad id');
  expect(account.stderr).toMatch(/^error: <accountId>: must be 1–64 letters/);
  const due = await cli('--as', 'reviewer-li', 'cases', '--due-within', 'soon');
  expect(due.stderr).toBe('error: --due-within: must be a duration like 24h, 3d or 1d12h\n');
});

test('an admin manages the roster and tokens from the CLI; a revoked token is refused', async () => {
  expect(await ok('operator', 'reviewer-zhou', '--name', '周审核', '--roles', 'reviewer', '--reason', '新同事')).toMatch(/^operator reviewer-zhou \(周审核\): reviewer, active; roster version \d+/);
  const file = join(dataDir, 'zhou-token');
  expect(await ok('token', 'create', 'reviewer-zhou', '--label', '周的控制台', '--out', file)).toMatch(/^token [a-z2-9]{10} for reviewer-zhou written to /);
  expect(await ok('--token-file', file, 'whoami')).toBe('reviewer-zhou (roles: reviewer)\n');
  const listed = JSON.parse(await ok('--json', 'token', 'list', '--subject', 'reviewer-zhou')) as { tokens: { id: string }[] };
  expect(await ok('token', 'revoke', listed.tokens[0]!.id, '--reason', '离职')).toMatch(/revoked/);
  const refused = await cli('--token-file', file, 'whoami');
  expect(refused.stderr).toBe(`error: API token ${listed.tokens[0]!.id} was revoked\n`);
  const bad = await cli('operator', 'x', '--name', 'X', '--roles', 'boss', '--reason', 'r');
  expect(bad.stderr).toBe('error: --roles: "boss" is not a role; must be one of: platform, reviewer, supervisor, auditor, admin\n');
});

test('rg: a platform service registers from an identity file (never the command line); held, shown, approved by a reviewer', async () => {
  const claim = person(990, '刘一');
  await registerKnownIdentity(stack.db, testVault(), claim);
  const file = join(dataDir, 'identity-liu.json');
  writeFileSync(file, JSON.stringify(claim), { mode: 0o600 });
  const register = ['rg', 'register', 'cli-rg-1', '--name', '官方园艺指南', '--subject-id', 'subj-cli-liu', '--subject-kind', 'individual', '--subject-name', '刘一'];
  const rest = ['--identity-file', file, '--email', 'liu@users.example', '--category', 'general'];
  const held = await ok('--as', 'content-risk-service', ...register, ...rest);
  expect(held).toMatch(/^held for review: case RG-\d{8}-\w{8} /);
  expect(held).toMatch(/review +name \(name\): /);
  const shown = await ok('--as', 'reviewer-li', 'rg', 'show', 'cli-rg-1');
  expect(shown).toMatch(/^stage: +under_review$/m);
  expect(shown).toMatch(/^awaiting: +a reviewer, to approve or reject the registration \(name\)/m);
  expect(await ok('--as', 'reviewer-li', 'rg', 'review', 'cli-rg-1', '--approve', '--reason', '个人园艺爱好者')).toMatch(/^registration approved/);
  for (const out of [held, shown]) expect(out).not.toContain(claim.number);

  const missing = await cli('--as', 'content-risk-service', ...register, '--identity-file', join(dataDir, 'none.json'), '--email', 'liu@users.example', '--category', 'general');
  expect(missing.stderr).toMatch(/^error: --identity-file: cannot read .*none\.json as JSON/);
});
