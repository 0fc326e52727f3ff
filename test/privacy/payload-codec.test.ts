// The payload codec alone: what it writes, what it reads back, and what it refuses.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ensurePayloadKeys, parsePayloadKeys, readPayloadKeys, rotatePayloadKey } from '../../codec/keys';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA } from '../../codec/payload-codec';

const dir = mkdtempSync(join(tmpdir(), 'payload-keys-'));
const text = (b?: Uint8Array | null) => Buffer.from(b ?? []).toString('utf8');
const statement = { statement: '我是欧阳明远，电话 13812345678' };
const payload = (v: unknown): Payload => defaultPayloadConverter.toPayload(v);

test('a payload is sealed under the current key, names only that key, and reads back exactly', async () => {
  const file = join(dir, 'a.json');
  expect(ensurePayloadKeys(file)).toBe(true);
  expect(ensurePayloadKeys(file)).toBe(false); // an existing file is never overwritten
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const keys = readPayloadKeys(file);
  const codec = new EncryptionCodec(keys);
  const [sealed] = await codec.encode([payload(statement)]);
  expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', KEY_ID_METADATA].sort());
  expect(text(sealed!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
  expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe(keys.current);
  expect(text(sealed!.data)).not.toContain('13812345678');
  const [opened] = await codec.decode([sealed!]);
  expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(statement);
  // Two seals of one value differ (a fresh IV each time).
  const [again] = await codec.encode([payload(statement)]);
  expect(Buffer.from(again!.data!).equals(Buffer.from(sealed!.data!))).toBe(false);
});

test('after a rotation new payloads use the new key and old ones still read; without the old key they do not', async () => {
  const file = join(dir, 'b.json');
  ensurePayloadKeys(file);
  const before = new EncryptionCodec(readPayloadKeys(file));
  const [old] = await before.encode([payload(statement)]);
  const newId = rotatePayloadKey(file);
  const keys = readPayloadKeys(file);
  expect(keys.current).toBe(newId);
  expect(keys.keys.size).toBe(2);
  const after = new EncryptionCodec(keys);
  const [fresh] = await after.encode([payload(statement)]);
  expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe(newId);
  expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual(statement);

  const onlyNew = new EncryptionCodec({ current: newId, keys: new Map([[newId, keys.keys.get(newId)!]]) });
  await expect(onlyNew.decode([old!])).rejects.toThrow(/encrypted with key ".+", which is not in PAYLOAD_KEYS_FILE/);
});

test('payloads from before encryption pass through unchanged: old histories still read', async () => {
  const codec = new EncryptionCodec(readPayloadKeys(join(dir, 'a.json')));
  const plain = payload({ caseRef: 'NC-1' });
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('an altered payload, or one relabelled with another key id, is refused, not misread', async () => {
  const file = join(dir, 'a.json');
  const keys = readPayloadKeys(file);
  const codec = new EncryptionCodec(keys);
  const [sealed] = await codec.encode([payload(statement)]);
  const flipped = Buffer.from(sealed!.data!);
  flipped[20]! ^= 1;
  await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/does not decrypt: altered, or the key changed/);
  const other = 'other';
  const twoKeys = new EncryptionCodec({ current: keys.current, keys: new Map([...keys.keys, [other, keys.keys.get(keys.current)!]]) });
  const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from(other) } };
  await expect(twoKeys.decode([relabelled])).rejects.toThrow(/does not decrypt/);
});

test.each([
  [{ current: 'k1', keys: {} }, /current: must name one of keys/],
  [{ current: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') } }, /keys\.k1: must be 32 bytes/],
  [{ current: 'k 1', keys: { 'k 1': Buffer.alloc(32).toString('base64') } }, /current: must be 1–64 letters/],
  [{ current: 'k1', keys: { k1: Buffer.alloc(32).toString('base64') }, extra: 1 }, /Unrecognized key/],
])('a wrong keys file is refused naming the field and the rule: %j', (content, message) => {
  expect(() => parsePayloadKeys(content)).toThrow(message);
  const file = join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify(content));
  expect(() => readPayloadKeys(file)).toThrow(/^PAYLOAD_KEYS_FILE \(.*bad\.json\): /);
});

test('a keys file that is not JSON, or missing, names the variable', () => {
  const file = join(dir, 'garbage.json');
  writeFileSync(file, 'not json');
  expect(() => readPayloadKeys(file)).toThrow(/PAYLOAD_KEYS_FILE \(.*garbage\.json\): must be JSON/);
  expect(() => readPayloadKeys(join(dir, 'missing.json'))).toThrow(/PAYLOAD_KEYS_FILE: cannot read/);
  expect(readFileSync(file, 'utf8')).toBe('not json'); // nothing was changed
});

test('a failure\'s message and stack go into an encoded payload, so the codec encrypts them: the history says only "Encoded failure"', async () => {
  const { failureConverter } = await import('../../codec/failure-converter');
  const { ApplicationFailure } = await import('@temporalio/common');
  const failure = failureConverter.errorToFailure(ApplicationFailure.nonRetryable('relay refused ouyang@mail.example', 'NoticeUndeliverable'), defaultPayloadConverter);
  expect(failure.message).toBe('Encoded failure');
  expect(failure.stackTrace ?? '').toBe('');
  expect(failure.applicationFailureInfo?.type).toBe('NoticeUndeliverable'); // the type stays readable: workflows branch on it
  const codec = new EncryptionCodec(readPayloadKeys(join(dir, 'a.json')));
  const [sealed] = await codec.encode([failure.encodedAttributes!]);
  expect(text(sealed!.data)).not.toContain('ouyang');
  const back = failureConverter.failureToError({ ...failure, encodedAttributes: (await codec.decode([sealed!]))[0] }, defaultPayloadConverter);
  expect(back.message).toBe('relay refused ouyang@mail.example');
});
