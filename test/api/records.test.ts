// The records over HTTP, as an auditor uses them: the export in pages, the signed checkpoints, and
// the chain verified against them with the auditor's own copy of the public key.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCheckpointSigningKey, readCheckpointSigningKey } from '../../records/keys';
import { makeCheckpoint } from '../../records/make-checkpoint';
import { withTransaction } from '../../store/db';
import { appendRecord, listRecords } from '../../store/records';
import { apiStack } from './api-stack';

const api = apiStack();
const dir = mkdtempSync(join(tmpdir(), 'api-records-'));
const keyFile = join(dir, 'checkpoint-signing.pem');
ensureCheckpointSigningKey(keyFile);
const key = readCheckpointSigningKey(keyFile);

const append = (k: string) =>
  withTransaction(api.stack.db, (tx) =>
    appendRecord(tx, { idempotencyKey: k, caseRef: 'NC-api-rec', accountId: 'acc-api-rec', action: 'warning', article: '第八条第二款', actor: 'reviewer-li', reason: `reason ${k}`, evidence: { k } }),
  );

beforeAll(async () => {
  for (const k of ['a', 'b', 'c']) await append(`api-rec-${k}`);
  await makeCheckpoint(api.stack.db, key, join(dir, 'checkpoints'));
  await append('api-rec-d');
});

test('the export pages through every record in seq order, as the store has them', async () => {
  const auditor = api.as('auditor');
  const seen: string[] = [];
  let afterSeq: string | null = '0';
  while (afterSeq !== null) {
    const page = await auditor.records.export({ afterSeq, limit: 2 });
    expect(page.records.length).toBeLessThanOrEqual(2);
    seen.push(...page.records.map((r) => r.hash));
    afterSeq = page.nextAfterSeq;
  }
  expect(seen).toEqual((await listRecords(api.stack.db)).map((r) => r.hash));
  const bad = await api.fetch('/v1/records/export?afterSeq=-1', { token: api.tokens.auditor });
  expect(bad).toMatchObject({ status: 400, body: { issues: [{ field: 'querystring.afterSeq', rule: 'must be a decimal sequence number' }] } });
});

test('the signed checkpoints are listed, with the key stored beside them, for the auditor and the admin', async () => {
  for (const role of ['auditor', 'admin'] as const) {
    const { checkpoints } = await api.as(role).records.checkpoints();
    expect(checkpoints).toHaveLength(1);
    expect(checkpoints[0]).toMatchObject({ keyId: key.keyId, publicKey: key.publicKeyPem, signature: expect.any(String) });
  }
});

test("the chain holds against the checkpoint signed by the auditor's key; another key checks none of them", async () => {
  const report = await api.as('auditor').records.verify({ publicKey: key.publicKeyPem });
  expect(report).toMatchObject({ intact: true, brokenAt: null, problems: [], keyId: key.keyId, otherKeys: 0 });
  expect(report.checkpoints).toEqual([expect.objectContaining({ ok: true })]);

  const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const withOther = await api.as('auditor').records.verify({ publicKey: other });
  expect(withOther).toMatchObject({ intact: true, otherKeys: 1, checkpoints: [] });
});

test('a checkpoint the auditor kept that does not match (a forged head) makes the chain NOT intact', async () => {
  const [stored] = (await api.as('auditor').records.checkpoints()).checkpoints;
  const { publicKey: _p, ...kept } = stored!;
  const forged = { ...kept, headHash: 'f'.repeat(64) };
  const report = await api.as('auditor').records.verify({ publicKey: key.publicKeyPem, checkpoints: [forged] });
  expect(report.intact).toBe(false);
  expect(report.problems.join('\n')).toMatch(/signature/);
});

test('a public key that is not one is refused naming the field, before any verifying', async () => {
  const r = await api.fetch('/v1/records/verification', { method: 'POST', token: api.tokens.auditor, json: { publicKey: 'not a key' } });
  expect(r.status).toBe(400);
  expect(r.body.issues).toEqual([{ field: 'publicKey', rule: expect.stringMatching(/^must be the checkpoints' Ed25519 public key/) }]);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const r2 = await api.fetch('/v1/records/verification', { method: 'POST', token: api.tokens.auditor, json: { publicKey: rsa } });
  expect(r2).toMatchObject({ status: 400, body: { issues: [{ field: 'publicKey', rule: expect.stringContaining('must be Ed25519') }] } });
});
