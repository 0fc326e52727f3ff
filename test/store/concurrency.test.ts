import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/ports';
import { startLocalStore } from '../../scripts/postgres-server';
import { PROJECT_ROOT } from '../../scripts/tools';
import { getAccount, insertAccount, upsertSubject } from '../../store/accounts';
import { connect, type Db } from '../../store/db';
import { listMeasures, listOutbox } from '../../store/measures';
import { listRecords, verifyRecordChain } from '../../store/records';
import { migrateAsOwner } from '../helpers/postgres';
import { ROLES, seededAccount, SHARED_ACCOUNTS, SHARED_NOTICES, WORKER_ACCOUNTS, type Report, type Role } from './concurrency-client';

/**
 * The store as `npm start` runs it (the same function, a data folder of its own), used at once by a
 * worker, two CLI calls and a platform service, each its own process with its own kind of pool (see
 * concurrency-client.ts): no error, and every row each of them wrote is there exactly as written.
 */
/** Calls each process makes; a worker's are transactions of about ten statements each. */
const OPERATIONS: Record<Role, number> = { worker: 350, 'cli-1': 450, 'cli-2': 450, service: 450 };
const HUNG_AFTER_MS = 45_000;

let dataDir: string;
let store: Awaited<ReturnType<typeof startLocalStore>>;
let db: Db;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'compliance-concurrency-'));
  // As `data/` is made: others may pass through (as root, the cluster in it runs as the postgres user).
  chmodSync(dataDir, 0o755);
  store = await startLocalStore(dataDir, await freePort());
  // Migrated as the owner, as npm start does; the checks below read as the app role.
  await migrateAsOwner(store.store);
  db = connect(store.store.url, 2);
  // What the registry holds already: the accounts the worker's cases act on.
  for (const id of [...SHARED_ACCOUNTS, ...WORKER_ACCOUNTS]) {
    const a = seededAccount(id);
    await upsertSubject(db, { id: a.subjectId, kind: 'individual', displayName: `主体 ${id}` });
    await insertAccount(db, { id, ...a });
  }
});
afterAll(async () => {
  await db?.end();
  await store?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Client {
  role: Role;
  ready: Promise<void>;
  go(): void;
  report: Promise<Report>;
}

/** A process as npm start's are configured: no DATABASE_URL, so the store on EMBEDDED_DB_PORT. */
function startClient(role: Role): Client {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'concurrency-client.ts'), role, String(OPERATIONS[role])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: '', DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(store.port) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let readyNow!: () => void;
  const ready = new Promise<void>((r) => (readyNow = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) readyNow();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  let timer: NodeJS.Timeout | undefined;
  let hung = false;
  const report = new Promise<Report>((resolve, reject) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').filter(Boolean).at(-1) ?? '';
      const got = line.startsWith('{') ? (JSON.parse(line) as Report) : undefined;
      if (code === 0 && got) resolve(got);
      else if (hung) {
        const soFar = got ? `after ${got.operations} operations; its errors until then: ${got.errors.slice(0, 5).join(' | ') || 'none'}` : 'no report';
        reject(new Error(`${role} hung: not done ${HUNG_AFTER_MS / 1000} s after the start, ${soFar}`));
      } else reject(new Error(`${role} exited with ${signal ?? code}\n${err.slice(-2000)}`));
    });
  });
  // A client that dies before it is ready must not leave the test waiting for it.
  report.catch(() => readyNow());
  return {
    role,
    ready,
    go() {
      child.stdin.end('go\n');
      // Asked to stop, a client prints what it did so far; one that cannot is killed.
      timer = setTimeout(() => {
        hung = true;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      }, HUNG_AFTER_MS);
    },
    report,
  };
}

const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

test('a worker, two CLI calls and a service at once: over 3,000 queries, no error, every row as each process wrote it', async () => {
  const clients = ROLES.map(startClient);
  await Promise.all(clients.map((c) => c.ready));
  for (const c of clients) c.go();
  const settled = await Promise.allSettled(clients.map((c) => c.report));
  // Every process's trouble at once: one that hung, died or saw a wrong answer, and the others' errors beside it.
  const trouble = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [String(s.reason).slice(0, 2000)] : s.value.errors.slice(0, 10).map((e) => `${ROLES[i]}: ${e}`),
  );
  expect(trouble).toEqual([]);
  const reports = settled.map((s) => (s as PromiseFulfilledResult<Report>).value);

  expect(reports.reduce((n, r) => n + r.queries, 0)).toBeGreaterThanOrEqual(3000);
  // They ran at the same time: the last to start began before the first to finish ended.
  expect(Math.max(...reports.map((r) => r.startedAt))).toBeLessThan(Math.min(...reports.map((r) => r.endedAt)));

  // Accounts: each process's, with the fields it last wrote; no other accounts.
  const written = reports.flatMap((r) => Object.entries(r.accounts));
  const stored = await Promise.all(
    written.map(async ([id]) => {
      const a = await getAccount(db, id);
      return a && [id, { subjectId: a.subjectId, name: a.name, bio: a.bio, contactEmail: a.contactEmail, contentCategory: a.contentCategory }];
    }),
  );
  expect(stored).toEqual(written);
  const accountCount = (await db.query<{ n: string }>('SELECT count(*) AS n FROM accounts')).rows[0]!.n;
  expect(Number(accountCount)).toBe(new Set([...SHARED_ACCOUNTS, ...written.map(([id]) => id)]).size);

  // Records: each one written is there once, field for field; none other; the hash chain holds.
  const records = await listRecords(db);
  const expectedRecords = reports.flatMap((r) => r.records).sort(byKey((x) => x.idempotencyKey));
  expect(expectedRecords.length).toBeGreaterThan(300);
  expect(
    records
      .map(({ idempotencyKey, caseRef, accountId, action, article, actor, reason, evidence }) => ({ idempotencyKey, caseRef, accountId, action, article, actor, reason, evidence }))
      .sort(byKey((x) => x.idempotencyKey)),
  ).toEqual(expectedRecords);
  expect(await verifyRecordChain(db)).toBeNull();

  // Measures: one per case, on its account, lifted exactly when its case lifted it, each linked to its
  // own records; the outbox has each imposition and lift once.
  const keyOfSeq = new Map(records.map((r) => [r.seq, r.idempotencyKey]));
  const measures = await listMeasures(db);
  const expectedMeasures = reports.flatMap((r) => r.measures).sort(byKey((m) => m.caseRef));
  expect(measures.map((m) => ({ caseRef: m.caseRef, accountId: m.accountId, kind: m.kind, lifted: m.liftedAt !== null })).sort(byKey((m) => m.caseRef!))).toEqual(
    expectedMeasures,
  );
  for (const m of measures) {
    expect([keyOfSeq.get(m.imposedSeq!), m.liftedSeq && keyOfSeq.get(m.liftedSeq)]).toEqual([`${m.caseRef}:impose`, m.liftedAt ? `${m.caseRef}:lift` : null]);
  }
  const outbox = await listOutbox(db, { limit: 100_000 });
  expect(outbox.map((e) => `${e.caseRef} ${e.event} ${e.kind} ${e.accountId}`).sort()).toEqual(
    expectedMeasures.flatMap((m) => [`${m.caseRef} imposed ${m.kind} ${m.accountId}`, ...(m.lifted ? [`${m.caseRef} lifted ${m.kind} ${m.accountId}`] : [])]).sort(),
  );

  // Notices: each shared one claimed by exactly one of its two attempts, and sent with that attempt's id.
  const notices = (await db.query<{ key: string; status: string; messageId: string }>(`SELECT idempotency_key AS key, status, message_id AS "messageId" FROM notices ORDER BY key`)).rows;
  const claimed = reports.flatMap((r) => r.notices).sort(byKey((n) => n.key));
  expect(claimed).toHaveLength(SHARED_NOTICES);
  expect(notices).toEqual(claimed.map((n) => ({ ...n, status: 'sent' })));

  // Operators: as the service last set them, each change logged once.
  const service = reports.find((r) => r.role === 'service')!;
  const operators = (await db.query<{ id: string; displayName: string; roles: string[] }>(`SELECT id, display_name AS "displayName", roles FROM operators ORDER BY id`)).rows;
  expect(Object.fromEntries(operators.map(({ id, ...o }) => [id, o]))).toEqual(service.operators);
  expect(Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM operator_changes')).rows[0]!.n)).toBe(service.operatorChanges);

  // Stopped and started again as npm start does: the same rows, the chain intact.
  await db.end();
  await store.stop();
  store = await startLocalStore(dataDir, store.port);
  db = connect(store.store.url, 2);
  expect((await listRecords(db)).length).toBe(records.length);
  expect(await verifyRecordChain(db)).toBeNull();
});
