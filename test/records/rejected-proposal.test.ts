import { submitNameCorrection } from '../../services/name-correction';
import { listRecords } from '../../store/records';
import { nameCorrectionStack } from '../helpers/name-correction';
import { PLATFORM } from '../helpers/principals';
import { seedAccount } from '../helpers/stack';
import { until } from '../helpers/wait';

const t = nameCorrectionStack();

test('a proposal the automatic checks reject is in the record, content and all: the decision can be rebuilt from the records alone', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-rejected-profile', '人民日报粉丝');
  const { caseRef } = await t.nc.open(accountId);
  await t.nc.noticed(accountId);
  const proposal = { name: '人民日报官方', bio: '转发' };
  expect(await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: proposal })).toMatchObject({ submissionNo: 1, passed: false });

  const record = await until(async () => (await listRecords(t.stack.db, { caseRef })).find((r) => r.action === 'reject_correction_automatically'));
  expect(record.evidence).toMatchObject({ submissionNo: 1, profile: proposal, findings: expect.arrayContaining([expect.objectContaining({ blocking: true })]) });

  await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '老王的读报笔记' } });
  await t.nc.withdraw(accountId, '误判', 'supervisor-wang');
  await t.nc.result(accountId, `name-correction.rejected-profile.${accountId}`);
});
