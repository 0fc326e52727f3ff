import { DEMO_IDENTITIES, DEMO_SUBJECTS, seedDemoIdentities } from '../../services/demo/seed';
import { ensureSubject } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { getSubjectIdentity } from '../../store/subject-identities';
import { migratedStore } from '../store/migrated-store';
import { subjectDeps } from './fixtures';

const store = migratedStore();

test('the demo identities are well formed, verified on seeding, and a second seed changes nothing', async () => {
  const deps = subjectDeps(store.db());
  for (const s of DEMO_SUBJECTS) await ensureSubject(store.db(), s);
  await seedDemoIdentities(deps);
  for (const d of DEMO_IDENTITIES) expect(await getSubjectIdentity(store.db(), d.subjectId)).toMatchObject({ verifiedBy: 'store' });
  const records = (await listRecords(store.db())).length;
  await seedDemoIdentities(deps);
  expect((await listRecords(store.db())).length).toBe(records);
});
