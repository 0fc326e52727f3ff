import { createAccountMeasureActivities } from '../../activities/account-measures';
import { InvalidInputError } from '../../schemas/errors';
import { getAccountView, registerAccount, updateAccount } from '../../services/accounts';
import { DEMO_ACCOUNTS, seedDemo } from '../../services/demo/seed';
import type { ServiceDeps } from '../../services/deps';
import { getAccount } from '../../store/accounts';
import type { Db } from '../../store/db';
import { listMeasures } from '../../store/measures';
import { migratedStore } from '../store/migrated-store';

const store = migratedStore();
let db: Db;
beforeAll(() => {
  db = store.db();
});

const deps = () => ({ db });
const registration = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  name: '张三的政策笔记',
  subject: { id: `subj-${id}`, kind: 'individual', displayName: '张三' },
  contactEmail: `${id}@users.example`,
  contentCategory: 'news',
  ...over,
});

/** The error's message and issues both name the field. */
async function refusedOn(p: Promise<unknown>, field: string, rule: RegExp): Promise<InvalidInputError> {
  const err = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InvalidInputError);
  const e = err as InvalidInputError;
  expect(e.message).toContain(`${field}: `);
  expect(e.issues).toEqual([expect.objectContaining({ field, rule: expect.stringMatching(rule) })]);
  return e;
}

test('registering creates the subject and the account, active with no measures', async () => {
  const account = await registerAccount(deps(), registration('reg-new', { bio: '政策解读', avatarUrl: 'https://cdn.example/a.png' }));
  expect(account).toEqual({
    id: 'reg-new',
    subjectId: 'subj-reg-new',
    name: '张三的政策笔记',
    avatarUrl: 'https://cdn.example/a.png',
    bio: '政策解读',
    contactEmail: 'reg-new@users.example',
    contentCategory: 'news',
    status: 'active',
  });
  expect((await db.query('SELECT kind, display_name FROM subjects WHERE id = $1', ['subj-reg-new'])).rows).toEqual([
    { kind: 'individual', display_name: '张三' },
  ]);
  expect(await getAccountView(deps(), 'reg-new')).toEqual({ account, measures: [], status: 'active', badge: { badge: false, category: 'news' } });
  expect(await getAccountView(deps(), 'reg-none')).toBeUndefined();

  // A second account of the same subject links to it and leaves it as it is.
  await registerAccount(deps(), registration('reg-second', { subject: { id: 'subj-reg-new', kind: 'individual', displayName: '别名' } }));
  expect((await getAccount(db, 'reg-second'))!.subjectId).toBe('subj-reg-new');
  expect((await db.query('SELECT display_name FROM subjects WHERE id = $1', ['subj-reg-new'])).rows).toEqual([{ display_name: '张三' }]);
  await refusedOn(
    registerAccount(deps(), registration('reg-third', { subject: { id: 'subj-reg-new', kind: 'organisation', displayName: '某公司' } })),
    'subject.kind',
    /must match the registered subject \(individual\)/,
  );
  expect(await getAccount(db, 'reg-third')).toBeUndefined();
});

test('registering an existing id is refused naming id, and the account is left as it was', async () => {
  await registerAccount(deps(), registration('reg-dup'));
  const e = await refusedOn(registerAccount(deps(), registration('reg-dup', { name: '另一个名字' })), 'id', /existing account/);
  expect(e.message).toMatch(/^invalid account: id: account "reg-dup" exists already$/);
  expect((await getAccount(db, 'reg-dup'))!.name).toBe('张三的政策笔记');
});

test('two addresses are refused naming contactEmail (notices go to one holder); so are bad fields', async () => {
  await refusedOn(registerAccount(deps(), registration('reg-two', { contactEmail: 'a@users.example, b@users.example' })), 'contactEmail', /one e-mail address/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { contactEmail: 'a@users.example b@users.example' })), 'contactEmail', /one e-mail address/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { contactEmail: 'nobody' })), 'contactEmail', /valid e-mail/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { contentCategory: 'gossip' })), 'contentCategory', /must be one of/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { name: '国\u200B务院' })), 'name', /invisible/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { name: '这'.repeat(31) })), 'name', /at most 30/);
  await refusedOn(registerAccount(deps(), registration('reg-two', { avatarUrl: 'http://cdn.example/a.png' })), 'avatarUrl', /https/);
  expect(await getAccount(db, 'reg-two')).toBeUndefined();
  await refusedOn(updateAccount(deps(), { id: 'reg-new', contactEmail: 'a@users.example;b@users.example' }), 'contactEmail', /one e-mail address/);
});

test('updating changes the fields given and keeps the measures; an unknown id is refused naming id', async () => {
  await registerAccount(deps(), registration('reg-upd'));
  const acts = createAccountMeasureActivities({ db, mailer: undefined as never, policy: undefined as never });
  await acts.suspendService({ idempotencyKey: 'NC-U:suspend', caseRef: 'NC-U', accountId: 'reg-upd', actor: 'risk', reason: 'r', article: 'Art. 8 ¶2' });

  const updated = await updateAccount(deps(), { id: 'reg-upd', contactEmail: 'new@users.example', contentCategory: 'health', bio: '健康科普' });
  expect(updated).toMatchObject({ name: '张三的政策笔记', contactEmail: 'new@users.example', contentCategory: 'health', bio: '健康科普', status: 'suspended' });
  const view = await getAccountView(deps(), 'reg-upd');
  expect(view).toMatchObject({ status: 'suspended', measures: [expect.objectContaining({ kind: 'suspend_service', caseRef: 'NC-U', liftedAt: null })] });
  expect(await listMeasures(db, { accountId: 'reg-upd' })).toHaveLength(1);

  await refusedOn(updateAccount(deps(), { id: 'reg-none', bio: 'x' }), 'id', /account in the registry/);
  await refusedOn(updateAccount(deps(), { id: 'reg-upd' }), '(input)', /at least one of/);
});

test('seeding twice leaves an account changed in between as it was changed', async () => {
  // No Temporal here: the seed tells open cases of the operators it sets, and there are none.
  const noCases = { workflow: { list: async function* () {} } };
  const seedDeps = { ...deps(), client: noCases, policy: undefined, taskQueue: 'unused' } as unknown as ServiceDeps;
  await seedDemo(seedDeps);
  const id = DEMO_ACCOUNTS[0].id;
  await updateAccount(deps(), { id, name: '张三的政策笔记', contactEmail: 'zhang-new@users.example' });
  const acts = createAccountMeasureActivities({ db, mailer: undefined as never, policy: undefined as never });
  await acts.suspendService({ idempotencyKey: 'NC-S:suspend', caseRef: 'NC-S', accountId: id, actor: 'risk', reason: 'r', article: 'Art. 8 ¶2' });
  const before = await getAccountView(deps(), id);

  await seedDemo(seedDeps);
  expect(await getAccountView(deps(), id)).toEqual(before);
  expect(before).toMatchObject({ account: { name: '张三的政策笔记', contactEmail: 'zhang-new@users.example' }, status: 'suspended' });
  expect((await db.query('SELECT count(*)::int AS n FROM accounts WHERE id = ANY($1)', [DEMO_ACCOUNTS.map((a) => a.id)])).rows).toEqual([{ n: 3 }]);
});
