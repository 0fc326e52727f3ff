import { registerKnownIdentity, storeVerifier } from '../../identity/store-verifier';
import { migratedStore } from '../store/migrated-store';
import { person, testVault } from '../helpers/identity';

const store = migratedStore();
const vault = testVault();
const known = person(7, '李四');

beforeAll(async () => {
  await registerKnownIdentity(store.db(), vault, known);
});

test('a claim matching the register passes, written as people write it (lower-case x, +86, spaces)', async () => {
  const v = storeVerifier(store.db(), vault);
  expect(await v.verify(known)).toEqual({ ok: true });
  const spaced = `+86 ${known.phone.slice(0, 3)} ${known.phone.slice(3, 7)} ${known.phone.slice(7)}`;
  expect(await v.verify({ ...known, phone: spaced, name: ' 李四 ' })).toEqual({ ok: true });
});

test.each([
  ['an unknown number', { number: person(8).number }, 'unknown_number'],
  ['another name', { name: '王五' }, 'name_mismatch'],
  ['another phone', { phone: '13900000000' }, 'phone_mismatch'],
])('%s is refused: %s', async (_what, change, code) => {
  expect(await storeVerifier(store.db(), vault).verify({ ...known, ...change })).toMatchObject({ ok: false, code });
});

test('the register holds hashes only', async () => {
  const rows = JSON.stringify((await store.db().query('SELECT * FROM identity_register')).rows);
  expect(rows).not.toContain(known.number);
  expect(rows).not.toContain(known.phone);
  expect(rows).not.toContain('李四');
});
