/**
 * The worker, the API and the CLI as production runs them: compiled, as `npm run build` compiles them (here
 * transpile-only into a temporary folder: the same JavaScript, in a second; tsc's type check is
 * `npm test`'s own step), started by node alone (no tsx) with the workflow bundle the build put beside
 * them, and no package that a production install (`npm ci --omit=dev`) leaves out.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startSmtpSink, type SmtpSink } from '../../mail/sink';
import { bundleWorkflows, compile } from '../../scripts/build';
import { PROJECT_ROOT } from '../../scripts/tools';
import { connect, type Db } from '../../store/db';
import { BUNDLE_FILE } from '../../workers/bundle';
import { nameCorrectionDriver } from '../helpers/name-correction';
import { startMigratedDatabase } from '../helpers/postgres';
import { seedAccount, seedOperators, testDataConverter } from '../helpers/stack';
import { startWorkerProcess } from '../helpers/worker-process';
import { testSigner } from '../helpers/action-keys';
import { createApiToken } from '../../api/auth/token-admin';
import { freePort } from '../../scripts/ports';
import { ensureSecretsKey } from '../../webhooks/secret-box';
import { ensureIdentityKeys } from '../../identity/keys';

const NO_DEV_PACKAGES = ['--import', join(PROJECT_ROOT, 'test', 'helpers', 'no-dev-packages.mjs')];

let dir: string;
let dist: string;
let database: { url: string; stop(): Promise<void> };
let db: Db;
let sink: SmtpSink;
let client: Client;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-build-'));
  // The compiled code finds its packages as it would in an installed project.
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  dist = join(dir, 'dist');
  await compile(dist, { transpileOnly: true });
  // The run's bundle is the build's (test/helpers/global-setup.ts bundles with bundleWorkflows()).
  const bundle = process.env.TEST_WORKFLOW_BUNDLE;
  if (bundle) copyFileSync(bundle, join(dist, BUNDLE_FILE));
  else writeFileSync(join(dist, BUNDLE_FILE), await bundleWorkflows({ quiet: true }));

  // Migrated as the owner, as `npm run migrate` does: the compiled worker checks it and migrates nothing.
  [database, sink] = await Promise.all([startMigratedDatabase(), startSmtpSink({})]);
  db = connect(database.url);
  client = new Client({ connection: await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! }), dataConverter: testDataConverter() });
  env = {
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: `build-${randomUUID()}`,
    DATABASE_URL: database.url,
    SMTP_URL: sink.url,
    POLICY_FILE: '',
    // test/helpers/no-dev-packages.mjs notes here every dev-only package a process asked for.
    NO_DEV_PACKAGES_LOG: join(dir, 'dev-packages-asked-for.log'),
  };
});

afterAll(async () => {
  await client?.connection.close();
  await db?.end();
  await database?.stop();
  await sink?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the compiled worker starts on its prebuilt bundle and runs a case; the compiled CLI reads it through the compiled API', async () => {
  const worker = startWorkerProcess(env, join(dist, 'workers', 'main.js'), NO_DEV_PACKAGES);
  try {
    expect(await worker.waitForLine(/worker polling task queue/)).toMatch(/prebuilt workflow bundle/);
    await seedOperators(db);
    const { accountId, email } = await seedAccount(db, 'built-1', '国务院观察');
    const nc = nameCorrectionDriver({ deps: { client, db, taskQueue: env.TEMPORAL_TASK_QUEUE!, signer: testSigner() }, client, db, sink });
    const { caseRef } = await nc.open(accountId);
    await nc.noticed(accountId);
    await nc.submit(accountId, { name: '老张说事' });
    await nc.approve(accountId);
    expect(await nc.result(accountId)).toMatchObject({ outcome: 'restored', caseRef });
    expect(await nc.records(caseRef)).toEqual([
      'suspend_service:content-risk-service',
      'approve_correction:reviewer-li',
      'apply_profile:reviewer-li',
      'restore_service:reviewer-li',
    ]);
    await sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'restored');

    // The compiled API (`npm run api`): its first start makes the first admin and writes the token.
    const apiEnv = {
      ...env,
      DATA_DIR: dir,
      API_PORT: String(await freePort()),
      WEBHOOK_SECRETS_KEY_FILE: join(dir, 'webhook-secrets.key'),
      IDENTITY_KEYS_FILE: join(dir, 'identity-keys.json'),
    };
    // Keys an operator provisions, as npm start makes them in development: the API refuses to start without them.
    ensureSecretsKey(apiEnv.WEBHOOK_SECRETS_KEY_FILE);
    ensureIdentityKeys(apiEnv.IDENTITY_KEYS_FILE);
    const api = startWorkerProcess(apiEnv, join(dist, 'api', 'process.js'), NO_DEV_PACKAGES);
    try {
      const apiUrl = /API listening on (http:\/\/\S+)/.exec(await api.waitForLine(/API listening on/))![1]!;
      expect(readFileSync(join(dir, 'admin-token'), 'utf8')).toMatch(/^pac_/);
      const reviewer = await createApiToken(db, { id: 'admin', roles: ['admin'] }, { subject: 'reviewer-li', label: 'build test' });
      // The compiled CLI reads the case through the compiled API, as the reviewer.
      const cli = spawnSync(process.execPath, [...NO_DEV_PACKAGES, join(dist, 'cli', 'main.js'), '--json', 'nc', 'show', accountId], {
        env: { ...process.env, NODE_OPTIONS: '', ...env, COMPLIANCE_API_URL: apiUrl, COMPLIANCE_TOKEN: reviewer.token },
        encoding: 'utf8',
      });
      expect(cli.stderr).toBe('');
      expect(JSON.parse(cli.stdout)).toMatchObject({ caseRef, stage: 'restored' });
    } finally {
      await api.stop();
    }
  } finally {
    await worker.stop();
  }
  const asked = env.NO_DEV_PACKAGES_LOG!;
  expect(existsSync(asked) ? readFileSync(asked, 'utf8') : '').toBe('');
});

test('without its bundle, the compiled worker says to build', () => {
  rmSync(join(dist, BUNDLE_FILE));
  const r = spawnSync(process.execPath, [join(dist, 'workers', 'main.js')], { env: { ...process.env, NODE_OPTIONS: '', WORKFLOW_BUNDLE: '', ...env }, encoding: 'utf8' });
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^no workflow bundle at .*workflow-bundle\.js: run "npm run build" first/);
});
