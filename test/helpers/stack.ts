import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { dataConverter } from '../../codec/data-converter';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startSmtpSink, type SmtpSink } from '../../mail/sink';
import { parsePolicy, type Policy } from '../../policy/policy';
import type { ServiceDeps } from '../../services/deps';
import { insertAccount, upsertSubject } from '../../store/accounts';
import { connect, POOL_SIZES, type Db } from '../../store/db';
import { upsertOperator } from '../../store/operators';
import { testIdentityDeps } from './identity';
import { startMigratedDatabase } from './postgres';
import { testSigner, testVerifyKeys } from './action-keys';
import type { TrustedKeys } from '../../security/action-seal';
import type { ActionSigner } from '../../security/action-signer';
import { bundleOptions } from '../../workers/bundle';
import { createWorker } from '../../workers/create-worker';

// Workers log warnings and errors only, so that a failing test's output is readable.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // already installed by an earlier import in this test file
}

/** The run's payload keys (test/helpers/global-setup.ts writes them). */
export function testPayloadKeysFile(): string {
  const file = process.env.PAYLOAD_KEYS_FILE;
  if (!file) throw new Error('PAYLOAD_KEYS_FILE is not set: run the tests with jest, whose global setup writes the keys');
  return file;
}

/** The data converter every client and worker of the product uses, with the run's keys. */
export const testDataConverter = () => dataConverter(testPayloadKeysFile());

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow bundle, built once for the run by the global setup (or here, when a file runs alone). */
export function workflowBundle(): Promise<WorkflowBundle> {
  const file = process.env.TEST_WORKFLOW_BUNDLE;
  bundle ??= file
    ? Promise.resolve({ code: readFileSync(file, 'utf8') })
    : bundleWorkflowCode({ ...bundleOptions(), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never });
  return bundle;
}

export interface Stack {
  client: Client;
  db: Db;
  sink: SmtpSink;
  mailer: Mailer;
  policy: Policy;
  taskQueue: string;
  deps: ServiceDeps;
  /** Starts a worker on the stack's task queue (trusting the run's action keys, or those given); `stop()` shuts it down gracefully. */
  startWorker(o?: { actionVerifyKeys?: TrustedKeys }): Promise<{ worker: Worker; stop(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * Real parts for a test file: the Temporal server given (the run's dev server by default), a
 * PostgreSQL database of its own on the run's server, an SMTP sink, and workers on a task queue of
 * the file's own.
 */
export async function startStack(
  opts: { policy?: unknown; client?: Client; nativeConnection?: NativeConnection; signer?: ActionSigner } = {},
): Promise<Stack> {
  // Migrated as the owner; the stack's pool connects as the app role, as workers do.
  const database = await startMigratedDatabase();
  const db = connect(database.url, POOL_SIZES.worker);
  // Mailboxes at bounce.example do not exist: the relay refuses them for good.
  const sink = await startSmtpSink({ refuse: (a) => a.endsWith('@bounce.example') });
  const mailer = createMailer(sink.url, '合规通知 <compliance@platform.example>');
  const policy = parsePolicy(opts.policy ?? {});
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  const client = opts.client ?? new Client({ connection: await Connection.connect({ address }), dataConverter: testDataConverter() });
  const nativeConnection = opts.nativeConnection ?? (await NativeConnection.connect({ address }));
  const taskQueue = `test-${randomUUID()}`;
  const deps: ServiceDeps = { client, db, taskQueue, signer: opts.signer ?? testSigner() };
  const workers = new Set<{ stop(): Promise<void> }>();

  return {
    client,
    db,
    sink,
    mailer,
    policy,
    taskQueue,
    deps,
    async startWorker(o = {}) {
      const worker = await createWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps: { db, mailer, policy, actionVerifyKeys: o.actionVerifyKeys ?? testVerifyKeys(), identity: testIdentityDeps(db) },
        payloadKeys: testPayloadKeysFile(),
        workflowBundle: await workflowBundle(),
      });
      const running = worker.run();
      const handle = {
        worker,
        async stop() {
          workers.delete(handle);
          if (worker.getState() === 'RUNNING') worker.shutdown();
          await running;
        },
      };
      workers.add(handle);
      return handle;
    },
    async stop() {
      for (const w of [...workers]) await w.stop();
      mailer.close();
      await sink.stop();
      await db.end();
      await database.stop();
      if (!opts.client) await client.connection.close();
      if (!opts.nativeConnection) await nativeConnection.close();
    },
  };
}

/** A subject with one account, as a platform's registry would hold them. */
export async function seedAccount(
  db: Db,
  id: string,
  name = `测试账号${id}`,
  email = `${id}@users.example`,
): Promise<{ accountId: string; email: string }> {
  await upsertSubject(db, { id: `subj-${id}`, kind: 'individual', displayName: `主体 ${id}` });
  await insertAccount(db, { id, subjectId: `subj-${id}`, name, bio: '简介', contactEmail: email });
  return { accountId: id, email };
}

export async function seedOperators(db: Db): Promise<void> {
  await upsertOperator(db, { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer'] });
  await upsertOperator(db, { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor', 'reviewer'] });
  await upsertOperator(db, { id: 'supervisor-zhao', displayName: '赵主管', roles: ['supervisor', 'reviewer'] });
  await upsertOperator(db, { id: 'supervisor-sun', displayName: '孙主管', roles: ['supervisor', 'reviewer'] });
  await upsertOperator(db, { id: 'content-risk-service', displayName: '内容风控服务', roles: ['platform'] });
}

export { FINDING } from './name-correction';
