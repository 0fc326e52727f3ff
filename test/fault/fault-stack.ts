import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { startSmtpSink, type SmtpSink } from '../../mail/sink';
import type { ServiceDeps } from '../../services/deps';
import { connect, type Db } from '../../store/db';
import { listMeasures, listOutbox } from '../../store/measures';
import { listNotices } from '../../store/notices';
import { listRecords } from '../../store/records';
import { migrateAsOwner, startPostgres, storeOn } from '../helpers/postgres';
import { nameCorrectionDriver, type NameCorrectionDriver } from '../helpers/name-correction';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process';
import { testDataConverter } from '../helpers/stack';
import { testSigner } from '../helpers/action-keys';

/**
 * The product as production runs it, with every part a fault test needs to break: workers in their own
 * processes (SIGKILL), PostgreSQL that can go away and come back on the same port, an SMTP
 * relay that can be down or hang, on the given Temporal server (the run's dev server by default).
 */
export interface FaultStack {
  client: Client;
  db: Db;
  sink: SmtpSink;
  taskQueue: string;
  deps: ServiceDeps;
  /** Name-correction cases, driven through the real services. */
  nc: NameCorrectionDriver;
  /** Recipients whose next message the relay reads but never answers (it hangs mid-transaction). */
  stallFor: Set<string>;
  /** Called with the recipients each time the relay hangs on a message. */
  onStall?: (recipients: string[]) => void;
  startWorker(opts?: { entry?: string; env?: Record<string, string> }): WorkerProcess;
  /** The database goes away (connections dropped, new ones refused); `startDatabase()` brings it back from disk. */
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  /** What the store and the relay hold for one case: what a user would check after an incident. */
  outcomeOf(caseRef: string, email: string): Promise<{ records: string[]; notices: string[]; mails: string[]; messageIds: string[] }>;
  /** The case's measures ("kind:active|lifted") and outbox events ("imposed:kind"), in order: a doubled measure shows. */
  measuresOf(caseRef: string): Promise<{ measures: string[]; outbox: string[] }>;
  stop(): Promise<void>;
}

export async function startFaultStack(opts: { address?: string } = {}): Promise<FaultStack> {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-fault-'));
  // A server of its own, not the run's shared one: these tests stop it and start it again.
  const database = await startPostgres();
  const store = await storeOn(database.url);
  await migrateAsOwner(store);
  // The app role, as workers connect.
  const db = connect(store.url);
  const stallFor = new Set<string>();
  const stack: Partial<FaultStack> = {};
  const sink = await startSmtpSink({
    stall: (to) => {
      if (!to.some((a) => stallFor.has(a))) return false;
      for (const a of to) stallFor.delete(a);
      stack.onStall?.(to);
      return true;
    },
  });
  const address = opts.address ?? process.env.TEST_TEMPORAL_ADDRESS!;
  const client = new Client({ connection: await Connection.connect({ address }), dataConverter: testDataConverter() });
  const taskQueue = `fault-${randomUUID()}`;
  const workers: WorkerProcess[] = [];

  const deps: ServiceDeps = { client, db, taskQueue, signer: testSigner() };
  return Object.assign(stack, {
    client,
    db,
    sink,
    taskQueue,
    stallFor,
    deps,
    nc: nameCorrectionDriver({ deps, client, db, sink }),
    startWorker({ entry, env = {} }: { entry?: string; env?: Record<string, string> } = {}) {
      const w = startWorkerProcess(
        { TEMPORAL_ADDRESS: address, TEMPORAL_TASK_QUEUE: taskQueue, DATABASE_URL: store.url, SMTP_URL: sink.url, DATA_DIR: dir, ...env },
        entry,
      );
      workers.push(w);
      return w;
    },
    stopDatabase: () => database.shutDown(),
    startDatabase: () => database.startAgain(),
    async outcomeOf(caseRef: string, email: string) {
      const mails = sink.messages().filter((m) => m.to.includes(email));
      return {
        records: (await listRecords(db, { caseRef })).map((r) => r.action),
        notices: (await listNotices(db, caseRef)).map((n) => n.kind),
        mails: mails.map((m) => m.headers['x-notice-kind'] ?? '?'),
        messageIds: mails.map((m) => m.messageId),
      };
    },
    async measuresOf(caseRef: string) {
      const outbox = (await listOutbox(db, {})).filter((e) => e.caseRef === caseRef);
      return {
        measures: (await listMeasures(db, { caseRef })).map((m) => `${m.kind}:${m.liftedAt ? 'lifted' : 'active'}`),
        outbox: outbox.map((e) => `${e.event}:${e.kind}`),
      };
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      await db.end();
      await database.stop();
      await sink.stop();
      await client.connection.close();
      rmSync(dir, { recursive: true, force: true });
    },
  }) as FaultStack;
}
