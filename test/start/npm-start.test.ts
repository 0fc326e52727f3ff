import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';
import { connectClient } from '../../config/temporal';
import { seedDemo } from '../../services/demo/seed';
import type { ServiceDeps } from '../../services/deps';
import { getNameCorrection, openNameCorrection, reviewNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { getAccount } from '../../store/accounts';
import { connect } from '../../store/db';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { PROJECT_ROOT } from '../../scripts/tools';
import { freePort } from '../../scripts/ports';
import { postgresInstallation } from '../../scripts/postgres-server';
import { until } from '../helpers/wait';
import { startReceiver } from '../webhooks/receiver';
import { principal, PLATFORM } from '../helpers/principals';
import { loadActionSigner } from '../../security/action-signer';

// `npm start` as a user runs it (on free ports and a fresh data folder): up, used, Ctrl-C, up again.
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-start-'));
  // As a fresh `data/` is made: others may pass through (as root, the store's cluster runs as postgres).
  chmodSync(dataDir, 0o755);
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: String(await freePort()),
    EMBEDDED_DB_PORT: String(await freePort()),
    EMBEDDED_SMTP_PORT: String(await freePort()),
    MAIL_VIEWER_PORT: String(await freePort()),
    CODEC_SERVER_PORT: String(await freePort()),
    // Its own payload keys, made at its first start (not the test run's).
    PAYLOAD_KEYS_FILE: '',
    API_PORT: String(await freePort()),
    // The product runs with short deadlines; the CLI below is started without this file.
    POLICY_FILE: join(PROJECT_ROOT, 'policy', 'demo.json'),
  };
});

afterAll(() => rmSync(env.DATA_DIR!, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'scripts', 'start.ts')], { env, cwd: PROJECT_ROOT });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), 90_000);
    const check = () => {
      if (/worker polling task queue/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${out}`)));
  });
}

async function stopWithCtrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGINT');
  return exited;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

async function withDeps<T>(fn: (deps: ServiceDeps) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const client = await connectClient(config.temporal);
  const db = connect(config.databaseUrl, 2);
  try {
    return await fn({ client, db, taskQueue: config.temporal.taskQueue, signer: loadActionSigner(config.actionKeys.signingKeyFile) });
  } finally {
    await db.end();
    await client.connection.close();
  }
}

async function mails(): Promise<{ subject: string; to: string[] }[]> {
  const res = await fetch(`http://127.0.0.1:${env.MAIL_VIEWER_PORT}/messages.json`);
  return (await res.json()) as { subject: string; to: string[] }[];
}


test('npm start brings up Temporal with its UI, the store (PostgreSQL in the data folder), mail and a worker; Ctrl-C stops all; a restart resumes the store and the case', async () => {
  const first = await start();
  expect(first.output()).toContain(`Temporal UI   http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT}`);
  // The store: Debian's PostgreSQL, its cluster made on this first start in the data folder.
  const storeLine = `Database      postgres://postgres@127.0.0.1:${env.EMBEDDED_DB_PORT}/postgres  (PostgreSQL ${postgresInstallation()!.major}, ${join(env.DATA_DIR!, 'postgres')})`;
  expect(first.output()).toContain(storeLine);
  expect(existsSync(join(env.DATA_DIR!, 'postgres', 'PG_VERSION'))).toBe(true);
  expect((await fetch(`http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT}/`)).status).toBe(200);
  // Payloads are encrypted with keys made for this data folder; the codec server answers on loopback.
  const keysFile = join(env.DATA_DIR!, 'keys', 'payload-keys.json');
  expect(first.output()).toContain(`Payload keys  ${keysFile}  (new: keep it with the data)`);
  expect((statSync(keysFile).mode & 0o777).toString(8)).toBe('600');
  expect(first.output()).toContain(`Codec server  http://127.0.0.1:${env.CODEC_SERVER_PORT}`);
  const codecPage = await fetch(`http://127.0.0.1:${env.CODEC_SERVER_PORT}/`);
  expect(codecPage.status).toBe(200);
  expect(codecPage.headers.get('x-content-type-options')).toBe('nosniff');
  // The first start makes the first admin; its token is in a file only its owner reads, and works.
  const tokenFile = join(env.DATA_DIR!, 'admin-token');
  expect(first.output()).toContain(`Admin token   ${tokenFile}  (made now`);
  expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  const adminToken = readFileSync(tokenFile, 'utf8').trim();
  const me = await fetch(`http://127.0.0.1:${env.API_PORT}/v1/me`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(await me.json()).toEqual({ id: 'admin', roles: ['admin'] });
  // The codec server's door is the API's: the admin's token signs in; one the API never made does not.
  const codecUrl = `http://127.0.0.1:${env.CODEC_SERVER_PORT}`;
  const signIn = (token: string) =>
    fetch(`${codecUrl}/sign-in`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: codecUrl }, body: `token=${token}` });
  const signedIn = await signIn(adminToken);
  expect(signedIn.status).toBe(200);
  expect(await signedIn.text()).toContain('admin');
  expect((await signIn(`pac_aaaaaaaaaa_${'a'.repeat(43)}`)).status).toBe(401);
  // The key webhook secrets are sealed with: made on the first start, its owner's only.
  expect(statSync(join(env.DATA_DIR!, 'keys', 'webhook-secrets.key')).mode & 0o777).toBe(0o600);

  const opened = await withDeps(async (deps) => {
    await seedDemo(deps);
    return openNameCorrection(deps, PLATFORM, {
      accountId: 'demo-gwy-fans',
      findings: [{ field: 'name', ground: 'implies_party_or_state_body', detail: '含「国务院」' }],
    });
  });
  await until(async () => (await mails()).some((m) => m.subject.includes(opened.caseRef)));

  // The policy npm start was given governs a case opened from another terminal with the CLI, which
  // does not have the policy file: 30 minutes (policy/demo.json), not the default 7 days.
  const { POLICY_FILE: _, ...cliEnv } = env;
  // The CLI finds the API and the first admin's token by itself; the demo gives the platform service its token.
  const runCli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { env: cliEnv, cwd: PROJECT_ROOT, encoding: 'utf8' });
  expect(runCli('demo').stderr).toBe('');
  const cli = runCli('--json', '--as', 'content-risk-service', 'nc', 'open', 'demo-laowang', '--ground', 'identity_mismatch', '--detail', '名称与实名主体不符');
  expect(cli.stderr).toBe('');
  expect(JSON.parse(cli.stdout)).toMatchObject({ created: true, workflowId: 'name-correction:demo-laowang' });
  const byCli = await withDeps((deps) => getNameCorrection(deps, 'demo-laowang'));
  expect(Date.parse(byCli.deadline!.at) - Date.parse(byCli.openedAt)).toBe(30 * 60_000);
  expect(byCli.terms.policyVersion).toBe('demo-short-deadlines');

  // The platform reads the suspension from the measures feed, and a webhook it subscribes is delivered
  // by the API process's deliverer (loopback http is allowed for development).
  const platformToken = readFileSync(join(env.DATA_DIR!, 'tokens', 'content-risk-service'), 'utf8').trim();
  const asPlatform = (path: string, init: RequestInit = {}) =>
    fetch(`http://127.0.0.1:${env.API_PORT}${path}`, { ...init, headers: { authorization: `Bearer ${platformToken}`, 'content-type': 'application/json' } });
  const feed = (await (await asPlatform('/v1/measures/feed')).json()) as { events: { type: string; accountId: string }[] };
  expect(feed.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'measure.imposed', accountId: 'demo-gwy-fans' })]));
  const receiver = await startReceiver();
  try {
    const subscribed = await asPlatform('/v1/measures/webhooks', { method: 'POST', body: JSON.stringify({ url: receiver.url }) });
    expect(subscribed.status).toBe(201);
    const delivered = await until(async () => receiver.acknowledged().find((d) => JSON.parse(d.body).accountId === 'demo-gwy-fans'), 30_000);
    expect(JSON.parse(delivered.body)).toMatchObject({ type: 'measure.imposed', measure: { kind: 'suspend_service', caseRef: opened.caseRef } });
  } finally {
    await receiver.close();
  }

  expect(await stopWithCtrlC(first.child)).toBe(0);
  for (const port of [env.TEMPORAL_DEV_PORT, env.TEMPORAL_DEV_UI_PORT, env.EMBEDDED_DB_PORT, env.EMBEDDED_SMTP_PORT, env.MAIL_VIEWER_PORT, env.CODEC_SERVER_PORT, env.API_PORT]) {
    expect(await portOpen(Number(port))).toBe(false);
  }

  const second = await start();
  try {
    expect(second.output()).toContain(storeLine);
    // A later start makes no second admin: the first token is still the one.
    expect(second.output()).toContain(`Admin token   ${tokenFile}\n`);
    // The same store: the accounts and the record the first run wrote.
    const kept = await withDeps(async ({ db }) => [(await getAccount(db, 'demo-gwy-fans'))?.status, (await listRecords(db, { caseRef: opened.caseRef })).map((r) => r.action)]);
    expect(kept).toEqual(['suspended', ['suspend_service']]);
    const outcome = await withDeps(async (deps) => {
      await submitNameCorrection(deps, PLATFORM, 'demo-gwy-fans', { profile: { name: '张三的政策笔记' } });
      await reviewNameCorrection(deps, principal('reviewer-li'), 'demo-gwy-fans', { reason: '名称合规', submissionNo: 1, decision: 'approve' });
      return deps.client.workflow.getHandle(nameCorrectionWorkflowId('demo-gwy-fans')).result();
    });
    expect(outcome).toMatchObject({ caseRef: opened.caseRef, outcome: 'restored' });
    await until(async () => (await mails()).filter((m) => m.subject.includes(opened.caseRef)).length === 2);
  } finally {
    expect(await stopWithCtrlC(second.child)).toBe(0);
  }
});
