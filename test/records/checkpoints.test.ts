import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { createMailer } from '../../mail/mailer';
import { parsePolicy } from '../../policy/policy';
import { PUBLIC_KEY_FILE, parseCheckpoint } from '../../records/checkpoint';
import { verifyChain } from '../../records/chain';
import { listCheckpoints } from '../../records/checkpoint-store';
import { exportRecordsFile, readRecordsFile } from '../../records/export';
import { ensureCheckpointSigningKey, readCheckpointPublicKey, readCheckpointSigningKey } from '../../records/keys';
import { CHECKPOINT_SCHEDULE_ID, ensureCheckpointSchedule } from '../../records/schedule';
import { verifyRecords } from '../../services/records';
import { PROJECT_ROOT } from '../../scripts/tools';
import { connect, withTransaction, type Db } from '../../store/db';
import { appendRecord, hashRecord, listRecords, verifyRecordChain, type RecordInput } from '../../store/records';
import { createWorker } from '../../workers/create-worker';
import { startMigratedDatabase, type TestDatabase } from '../helpers/postgres';
import { testDataConverter, testPayloadKeysFile, workflowBundle } from '../helpers/stack';
import { recordHistory } from '../helpers/record-history';
import { until } from '../helpers/wait';

const rec = (key: string): RecordInput => ({
  idempotencyKey: key,
  caseRef: 'NC-cp',
  accountId: 'acc-cp',
  action: 'suspend_service',
  article: '第八条第二款',
  actor: 'reviewer-li',
  reason: `reason ${key}`,
  evidence: { finding: key },
});

let dir: string;
let database: TestDatabase;
let db: Db;
let owner: Db;
let client: Client;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `test-checkpoints-${randomUUID()}`;
const keyFile = () => join(dir, 'keys', 'checkpoint-signing.pem');
const checkpointDir = () => join(dir, 'checkpoints');
const append = (k: string) => withTransaction(db, (tx) => appendRecord(tx, rec(k)));

/** `npm run verify-records -- …` as a process of its own; returns its exit code and output. */
function verifyCommand(args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'records', 'cli.ts'), 'verify', ...args], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: database.url, CHECKPOINT_DIR: checkpointDir(), DATA_DIR: dir },
    encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout + r.stderr };
}

/**
 * Runs the Schedule's action now and waits for that run to finish; returns its result or failure.
 * With RECORD_HISTORIES=1 a run given a name is saved for the replay test.
 */
async function runScheduleNow(name?: string): Promise<unknown> {
  const handle = client.schedule.getHandle(CHECKPOINT_SCHEDULE_ID);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const action = await until(async () => (await handle.describe()).info.recentActions[before], 30_000);
  const run = client.workflow.getHandle(action.action.workflow.workflowId);
  const result = await run.result();
  if (name) await recordHistory(client, action.action.workflow.workflowId, name);
  return result;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compliance-checkpoints-'));
  expect(ensureCheckpointSigningKey(keyFile())).toEqual({ created: true });
  expect(ensureCheckpointSigningKey(keyFile())).toEqual({ created: false });
  database = await startMigratedDatabase();
  db = connect(database.url);
  owner = connect(database.ownerUrl, 1);
  const address = process.env.TEST_TEMPORAL_ADDRESS!;
  client = new Client({ connection: await Connection.connect({ address }), dataConverter: testDataConverter() });
  native = await NativeConnection.connect({ address });
  worker = await createWorker({
    connection: native,
    namespace: 'default',
    taskQueue,
    deps: { db, mailer: createMailer('smtp://127.0.0.1:1', 'x <x@example.com>'), policy: parsePolicy({}), checkpoints: { signingKeyFile: keyFile(), dir: checkpointDir() } },
    payloadKeys: testPayloadKeysFile(),
    workflowBundle: await workflowBundle(),
  });
  running = worker.run();
});

afterAll(async () => {
  await client?.schedule.getHandle(CHECKPOINT_SCHEDULE_ID).delete().catch(() => undefined);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await native?.close();
  await client?.connection.close();
  await db?.end();
  await owner?.end();
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the Schedule is created once and kept as configured; each run signs a checkpoint of the head, stored and written to a file', async () => {
  for (const k of ['r1', 'r2', 'r3']) await append(k);
  expect(await ensureCheckpointSchedule(client, { taskQueue, everyMs: 3_600_000 })).toBe('created');
  expect(await ensureCheckpointSchedule(client, { taskQueue, everyMs: 30 * 60_000 })).toBe('updated');
  const described = await client.schedule.getHandle(CHECKPOINT_SCHEDULE_ID).describe();
  expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 30 * 60_000 })]);
  expect(described.action).toMatchObject({ workflowType: 'recordsCheckpoint', taskQueue });

  const summary = (await runScheduleNow('records-checkpoint.signed')) as { headSeq: string; headHash: string; count: string; file: string };
  const records = await listRecords(db);
  const head = records[records.length - 1]!;
  expect(summary).toMatchObject({ headSeq: head.seq, headHash: head.hash, count: '3' });

  const [stored] = await listCheckpoints(db);
  expect(stored).toMatchObject({ headSeq: head.seq, headHash: head.hash, count: '3' });
  const file = parseCheckpoint(readFileSync(summary.file, 'utf8'), summary.file);
  expect(file).toEqual({ v: 1, headSeq: head.seq, headHash: head.hash, count: '3', at: stored!.at, keyId: stored!.keyId, signature: stored!.signature });
  expect(readCheckpointPublicKey(join(checkpointDir(), PUBLIC_KEY_FILE)).keyId).toBe(readCheckpointSigningKey(keyFile()).keyId);
  // The app role appends checkpoints; it cannot take one back.
  await expect(db.query('DELETE FROM record_checkpoints')).rejects.toThrow(/permission denied/);
});

test('offline: an export, the checkpoint and the public key verify without a database; a changed line does not', async () => {
  await append('r4');
  const exported = join(dir, 'records.jsonl');
  expect(await exportRecordsFile(db, exported)).toBe(4);
  const checkpoint = join(checkpointDir(), readdirSync(checkpointDir()).find((f) => f.startsWith('checkpoint-') && f.endsWith('.json'))!);
  const publicKey = join(checkpointDir(), PUBLIC_KEY_FILE);

  const ok = verifyCommand(['--records', exported, '--checkpoint', checkpoint, '--public-key', publicKey]);
  expect(ok.out).toMatch(/^INTACT: 4 records in .*records\.jsonl/);
  expect(ok.out).toMatch(/checkpoint .* seq \d+: holds/);
  expect(ok.status).toBe(0);

  // Someone softens a reason in the file: the line's hash no longer matches it.
  const lines = readFileSync(exported, 'utf8').trimEnd().split('\n');
  lines[1] = lines[1]!.replace('reason r2', 'reason softened');
  const edited = join(dir, 'edited.jsonl');
  writeFileSync(edited, `${lines.join('\n')}\n`);
  const bad = verifyCommand(['--records', edited, '--checkpoint', checkpoint, '--public-key', publicKey]);
  expect(bad.status).toBe(1);
  expect(bad.out).toMatch(/NOT INTACT/);
  expect(bad.out).toMatch(/its hash does not match its contents/);

  // A checkpoint whose signature was fiddled with proves nothing.
  const forged = { ...JSON.parse(readFileSync(checkpoint, 'utf8')), count: '99' };
  writeFileSync(join(dir, 'forged.json'), JSON.stringify(forged));
  const f = verifyCommand(['--records', exported, '--checkpoint', join(dir, 'forged.json'), '--public-key', publicKey]);
  expect(f.status).toBe(1);
  expect(f.out).toMatch(/the signature does not match its contents/);

  // Without the public key there is nothing to trust offline: a usage error, exit 2.
  const usage = verifyCommand(['--records', exported, '--checkpoint', checkpoint]);
  expect(usage.status).toBe(2);
  expect(usage.out).toMatch(/--records: also give --public-key/);
});

test('a DBA who rewrites a record and recomputes every hash keeps the links, but not the head an earlier checkpoint signed', async () => {
  const publicKeyPem = readFileSync(join(checkpointDir(), PUBLIC_KEY_FILE), 'utf8');
  expect(await verifyRecords({ db }, { publicKeyPem })).toMatchObject({ intact: true });
  expect(verifyCommand([]).status).toBe(0);

  // As the owner, with the guards switched off: the one way left, and a DBA's.
  const records = await listRecords(db);
  await owner.query('ALTER TABLE records DISABLE TRIGGER USER');
  try {
    let prev = records[0]!.hash;
    for (const r of records.slice(1)) {
      const changed = r.idempotencyKey === 'r2' ? { ...r, reason: 'a milder reason' } : r;
      const hash = hashRecord(prev, changed, r.at.toISOString());
      await owner.query('UPDATE records SET reason = $2, prev_hash = $3, hash = $4 WHERE seq = $1', [r.seq, changed.reason, prev, hash]);
      prev = hash;
    }
  } finally {
    await owner.query('ALTER TABLE records ENABLE TRIGGER USER');
  }
  // The chain alone cannot tell: every link holds.
  expect(await verifyRecordChain(db)).toBeNull();

  const report = await verifyRecords({ db }, { publicKeyPem });
  expect(report.intact).toBe(false);
  expect(report.checkpoints).toEqual([expect.objectContaining({ ok: false, problem: expect.stringMatching(/records up to it were changed/) })]);
  const cli = verifyCommand([]);
  expect(cli.status).toBe(1);
  expect(cli.out).toMatch(/NOT INTACT[\s\S]*FAILS: record \d+ has hash/);

  // Offline too, with the database's own (rewritten) export.
  const exported = join(dir, 'rewritten.jsonl');
  await exportRecordsFile(db, exported);
  const [stored] = await listCheckpoints(db);
  const offline = await verifyChain(readRecordsFile(exported), [stored!], readCheckpointPublicKey(join(checkpointDir(), PUBLIC_KEY_FILE)));
  expect(offline.intact).toBe(false);

  // And the Schedule's next run signs nothing over the rewritten chain: it fails, visibly.
  const count = (await listCheckpoints(db)).length;
  await expect(runScheduleNow()).rejects.toThrow(WorkflowFailedError);
  expect(await listCheckpoints(db)).toHaveLength(count);
});

test('deleting the last records (as the DBA) leaves the checkpoint pointing past the end', async () => {
  const publicKeyPem = readFileSync(join(checkpointDir(), PUBLIC_KEY_FILE), 'utf8');
  const [cp] = await listCheckpoints(db);
  await owner.query('ALTER TABLE records DISABLE TRIGGER USER');
  try {
    await owner.query('DELETE FROM records WHERE seq >= $1', [cp!.headSeq]);
  } finally {
    await owner.query('ALTER TABLE records ENABLE TRIGGER USER');
  }
  expect(await verifyRecordChain(db)).toBeNull();
  const report = await verifyRecords({ db }, { publicKeyPem });
  expect(report.problems.join('\n')).toMatch(new RegExp(`covers records up to ${cp!.headSeq}, but they end at \\d+: records were removed`));
  expect(existsSync(join(checkpointDir(), PUBLIC_KEY_FILE))).toBe(true);
});
