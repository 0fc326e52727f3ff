import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, publicKeyOf, verifySeal, type SealExpectation } from '../../security/action-seal';
import { DEFAULT_ACTION_KEY_FILES, ensureActionKeys, loadVerifyKeys, rotateActionKey } from '../../security/action-keys';
import { createActionSigner, loadActionSigner } from '../../security/action-signer';

const NOW = Date.parse('2026-12-01T02:00:00.000Z');
const k1 = { keyId: 'k1', privateKey: '11'.repeat(32) };
const k2 = { keyId: 'k2', privateKey: '22'.repeat(32) };
const pub = (k: typeof k1) => publicKeyOf(Buffer.from(k.privateKey, 'hex'));
const KEYS = { k1: pub(k1) };
const INPUT = { submissionNo: 1, decision: 'approve', reason: '合规' };
const ACTION = { actor: 'reviewer-li', workflowId: 'name-correction:acc-1', action: 'reviewCorrection', requestId: 'req-1', input: INPUT };

const expecting = (o: Partial<SealExpectation> = {}): SealExpectation => ({
  keys: KEYS,
  workflowId: ACTION.workflowId,
  action: ACTION.action,
  updateId: ACTION.requestId,
  input: INPUT,
  now: NOW,
  limits: { maxAgeMs: 5 * 60_000, maxSkewMs: 30_000 },
  used: () => false,
  ...o,
});
const sealAt = (at: number, key = k1) => createActionSigner(key, () => at).seal(ACTION);

test('a seal made with a trusted key, for this case, action, update and input, holds', async () => {
  expect(verifySeal(await sealAt(NOW), expecting())).toBeUndefined();
  // The input may travel with its fields in another order: the digest is of canonical JSON.
  expect(verifySeal(await sealAt(NOW), expecting({ input: { reason: '合规', decision: 'approve', submissionNo: 1 } }))).toBeUndefined();
});

test('unsigned, mis-signed and untrusted seals are refused, each saying why', async () => {
  expect(verifySeal(undefined, expecting())).toBe('unsigned action refused');
  expect(verifySeal({ actor: 'reviewer-li' }, expecting())).toMatch(/^unsigned action refused: the seal is malformed \(v: /);
  const seal = await sealAt(NOW);
  // Claims changed after signing (another actor): the signature no longer covers them.
  expect(verifySeal({ ...seal, actor: 'supervisor-wang' }, expecting())).toBe('signature does not verify for key k1');
  // A signature made with another private key, under the trusted key's id: a forgery.
  const forged = { ...await sealAt(NOW, k2), keyId: 'k1' };
  expect(verifySeal(forged, expecting())).toBe('signature does not verify for key k1');
  expect(verifySeal(await sealAt(NOW, k2), expecting())).toBe('signature key k2 is not trusted by this case (trusted: k1)');
});

test('a seal for another case, action or input is refused', async () => {
  const seal = await sealAt(NOW);
  expect(verifySeal(seal, expecting({ workflowId: 'name-correction:acc-2' }))).toBe('the seal is for case name-correction:acc-1, not this one (name-correction:acc-2)');
  expect(verifySeal(seal, expecting({ action: 'withdrawCase' }))).toBe('the seal is for reviewCorrection, not withdrawCase');
  expect(verifySeal(seal, expecting({ input: { ...INPUT, decision: 'reject' } }))).toBe('the input is not the one the seal was issued for');
});

test('a replayed, expired or future seal is refused', async () => {
  const seal = await sealAt(NOW);
  expect(verifySeal(seal, expecting({ used: (id) => id === 'req-1' }))).toBe('request req-1 already used in this case');
  expect(verifySeal(seal, expecting({ updateId: 'req-2' }))).toBe('request req-1 was sealed for another update id (this is req-2)');
  expect(verifySeal(await sealAt(NOW - 5 * 60_000), expecting())).toBeUndefined();
  expect(verifySeal(await sealAt(NOW - 5 * 60_000 - 1), expecting())).toBe('action expired (issued 2026-12-01T01:54:59.999Z, limit 5 min)');
  expect(verifySeal(await sealAt(NOW + 30_000), expecting())).toBeUndefined();
  expect(verifySeal(await sealAt(NOW + 31_000), expecting())).toMatch(/^action issued in the future \(2026-12-01T02:00:31.000Z/);
});

test('canonical JSON sorts keys and leaves undefined fields out, as the payload converter does', async () => {
  expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }], e: undefined })).toBe('{"a":[{"c":"x"}],"b":1}');
  expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson(JSON.parse(JSON.stringify({ a: 2, b: 1 }))));
});

test('key files: generated once, the private key private; a rotation keeps the old public key trusted', async () => {
  const files = DEFAULT_ACTION_KEY_FILES(join(mkdtempSync(join(tmpdir(), 'action-keys-')), 'keys'));
  expect(ensureActionKeys(files)).toEqual({ created: true });
  const first = readFileSync(files.signingKeyFile, 'utf8');
  expect(ensureActionKeys(files)).toEqual({ created: false });
  expect(readFileSync(files.signingKeyFile, 'utf8')).toBe(first);
  expect(statSync(files.signingKeyFile).mode & 0o077).toBe(0);
  const oldSeal = await loadActionSigner(files.signingKeyFile).seal(ACTION);

  rotateActionKey(files, 'k2');
  const trusted = loadVerifyKeys(files.verifyKeysFile);
  expect(Object.keys(trusted)).toEqual(['k1', 'k2']);
  const newSeal = await loadActionSigner(files.signingKeyFile).seal(ACTION);
  expect(newSeal.keyId).toBe('k2');
  for (const seal of [oldSeal, newSeal]) expect(verifySeal(seal, expecting({ keys: trusted, now: Date.parse(seal.issuedAt) }))).toBeUndefined();
  expect(() => rotateActionKey(files, 'k2')).toThrow('key id k2 is in use already: choose a new one');
});

test('a malformed key file is an error naming the variable', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'action-keys-'));
  expect(() => loadActionSigner(join(dir, 'none.json'))).toThrow(/^ACTION_SIGNING_KEY_FILE: cannot read .*none\.json as JSON/);
  expect(() => loadVerifyKeys(join(dir, 'none.json'))).toThrow(/^ACTION_VERIFY_KEYS_FILE: cannot read/);
});
