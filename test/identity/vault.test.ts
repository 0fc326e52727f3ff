import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureIdentityKeys, parseIdentityKeys, readIdentityKeys, rotateIdentitySealingKey } from '../../identity/keys';
import { identityVault } from '../../identity/vault';
import { TEST_IDENTITY_KEYS, testVault } from '../helpers/identity';

const ID = '11010519491231002X';

test('the lookup hash is keyed: same value, same key → same hash; another key or kind → another hash', () => {
  const vault = testVault();
  expect(vault.hash('resident_id', ID)).toBe(testVault().hash('resident_id', ID));
  expect(vault.hash('resident_id', ID)).toMatch(/^[0-9a-f]{64}$/);
  expect(vault.hash('resident_id', ID)).not.toBe(vault.hash('credit_code', ID));
  const otherKey = identityVault(parseIdentityKeys({ ...TEST_IDENTITY_KEYS, lookup: Buffer.alloc(32, 9).toString('base64') }));
  expect(otherKey.hash('resident_id', ID)).not.toBe(vault.hash('resident_id', ID));
});

test('a sealed copy opens, names its key, and holds nothing of the number in clear', () => {
  const vault = testVault();
  const sealed = vault.seal(ID);
  expect(sealed.startsWith('v1.test-2.')).toBe(true);
  expect(sealed).not.toContain('110105');
  expect(vault.seal(ID)).not.toBe(sealed); // a fresh IV each time
  expect(vault.open(sealed)).toBe(ID);
  const tampered = sealed.slice(0, -3) + (sealed.endsWith('A') ? 'BBB' : 'AAA');
  expect(() => vault.open(tampered)).toThrow();
});

test('after a rotation, copies sealed under the old key still open; a ring without it says which key is missing', () => {
  const old = identityVault(parseIdentityKeys({ ...TEST_IDENTITY_KEYS, current: 'test-1' }));
  const sealed = old.seal(ID);
  expect(testVault().open(sealed)).toBe(ID);
  const withoutOld = identityVault(parseIdentityKeys({ current: 'test-2', keys: { 'test-2': TEST_IDENTITY_KEYS.keys['test-2'] }, lookup: TEST_IDENTITY_KEYS.lookup }));
  expect(() => withoutOld.open(sealed)).toThrow(/sealed under key test-1, which is not among the keys/);
});

test('npm start makes the keys file once, readable by its owner only; rotation keeps the old keys and the lookup key', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'idkeys-')), 'keys', 'identity-keys.json');
  expect(ensureIdentityKeys(file)).toBe(true);
  expect(ensureIdentityKeys(file)).toBe(false);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const before = readIdentityKeys(file);
  const sealed = identityVault(before).seal(ID);
  const id = rotateIdentitySealingKey(file);
  const after = readIdentityKeys(file);
  expect(after.sealing.current).toBe(id);
  expect(after.sealing.keys.size).toBe(2);
  expect(after.lookup.equals(before.lookup)).toBe(true);
  expect(identityVault(after).open(sealed)).toBe(ID);
});

test('a bad keys file is refused naming the variable and the field', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'idkeys-')), 'identity-keys.json');
  writeFileSync(file, JSON.stringify({ current: 'k1', keys: { k1: Buffer.alloc(16).toString('base64') }, lookup: Buffer.alloc(32).toString('base64') }));
  expect(() => readIdentityKeys(file)).toThrow(/IDENTITY_KEYS_FILE \(.*\): keys\.k1: must be 32 bytes/);
  writeFileSync(file, JSON.stringify({ current: 'k2', keys: { k1: Buffer.alloc(32).toString('base64') }, lookup: Buffer.alloc(32).toString('base64') }));
  expect(() => readIdentityKeys(file)).toThrow(/current: must name one of keys/);
  expect(readFileSync(file, 'utf8')).toContain('k2');
});
