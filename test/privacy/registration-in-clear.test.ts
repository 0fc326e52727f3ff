// Registration never lets an identity into a workflow: after applications registered, held and
// approved, and refused, the decoded histories (payload keys applied: not even an encrypted copy may
// be there) hold no ID number, phone number or contact address, and no table holds a number in clear.
import { decodeAllPayloads } from '../../codec/decode-payloads';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { temporal } from '@temporalio/proto';
import { registrationDriver, type Applicant, type RegistrationDriver } from '../helpers/registration';
import { seedOperators, startStack, testPayloadKeysFile, type Stack } from '../helpers/stack';

let stack: Stack;
let rg: RegistrationDriver;

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
  rg = registrationDriver(stack);
});
afterAll(() => stack?.stop());

/** Every spelling a careless write could leave: as sent, lower case, and the phone with +86 or spaces. */
const secrets = (a: Applicant) => [a.identity.number, a.identity.number.toLowerCase(), a.identity.phone, `+86${a.identity.phone}`, a.email];

test('the held and approved case carries ids and masked forms only; no table holds the numbers in clear', async () => {
  const held = await rg.applicant();
  const org = await rg.applicant({ kind: 'organisation' });
  expect(await rg.register(held, 'priv-rg-1', '官方烘焙指南')).toMatchObject({ outcome: 'held' });
  await rg.approve('priv-rg-1');
  await rg.result('priv-rg-1');
  await rg.register(org, 'priv-rg-2', '远望资讯', { contentCategory: 'economy' }).catch(() => undefined); // refused: no qualification

  const h = await rg.handle('priv-rg-1').fetchHistory();
  const history = await decodeAllPayloads(new EncryptionCodec(readPayloadKeys(testPayloadKeysFile())), h);
  const decoded = Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('utf8');
  // The history is the real one: the application's name and the approval are in it.
  expect(decoded).toContain('官方烘焙指南');
  expect(decoded).toContain('主体资质核验无误');
  for (const s of secrets(held)) expect({ secret: s, inHistory: decoded.includes(s) }).toEqual({ secret: s, inHistory: false });

  const cols = await stack.db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')`,
  );
  const stored: string[] = [];
  for (const { table_name, column_name } of cols.rows) {
    const r = await stack.db.query<{ v: string | null }>(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
    stored.push(...r.rows.map((row) => row.v ?? ''));
  }
  const all = stored.join('\n');
  // The address is kept (notices need it), the numbers never.
  expect(all).toContain(held.email);
  for (const s of [...secrets(held), ...secrets(org)].filter((s) => !s.includes('@'))) expect({ secret: s, stored: all.includes(s) }).toEqual({ secret: s, stored: false });
});
