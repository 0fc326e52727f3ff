// Unauthorised transfer and voluntary closure over real HTTP, against a real worker: the routes the
// processes' tables generate, their typed client, their statuses, and the published rules.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { TRANSFER_EVIDENCE } from '../helpers/account-processes';
import { seedAccount } from '../helpers/stack';
import { apiStack, CALLERS, settled } from './api-stack';

const api = apiStack();
const UT = '/v1/cases/unauthorised-transfer';
const VC = '/v1/cases/voluntary-closure';

test('a platform service reports an account; the holder answers through it; a reviewer restores service', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-ut', '城市漫步');
  const platform = api.as('platform');
  const opened = await platform.unauthorisedTransfer.report({ accountId, evidence: TRANSFER_EVIDENCE });
  expect(opened).toMatchObject({ created: true, caseRef: expect.stringMatching(/^UT-/) });
  await settled(() => platform.unauthorisedTransfer.get(accountId), (s) => s.events.some((e) => e.type === 'notice_sent'));
  expect((await getAccount(api.stack.db, accountId))!.status).toBe('suspended');

  // The holder's answer comes through a platform service only; a reviewer's decision from a reviewer only.
  const byReviewer = await api.fetch(`${UT}/${accountId}/respond`, { method: 'POST', token: api.tokens.reviewer, json: { statement: '未转让' } });
  expect(byReviewer).toMatchObject({ status: 403, body: { error: 'forbidden', needs: ['platform'] } });
  const tooEarly = await api.fetch(`${UT}/${accountId}/decide`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'restore', reason: '核实' } });
  expect(tooEarly).toMatchObject({ status: 409, body: { error: 'action_refused', message: expect.stringContaining('the case is awaiting_response') } });
  const badDecision = await api.fetch(`${UT}/${accountId}/decide`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'ban', reason: '核实' } });
  expect(badDecision).toMatchObject({ status: 400, body: { issues: [{ field: 'decision' }] } });

  await platform.unauthorisedTransfer.respond(accountId, { statement: '本人更换了设备，账号未转让' });
  const decided = await api.as('reviewer').unauthorisedTransfer.decide(accountId, { decision: 'restore', reason: '核实为本人' });
  expect(decided).toMatchObject({ stage: 'closing', closure: { outcome: 'restored' } });
  const records = await settled(() => listRecords(api.stack.db, { caseRef: opened.caseRef }), (r) => r.some((x) => x.action === 'restore_service'));
  expect(records.map((r) => `${r.action}:${r.actor}`)).toEqual([
    `suspend_service:${CALLERS.platform}`,
    `holder_response:holder:${accountId}`,
    `decide_restore:${CALLERS.reviewer}`,
    `restore_service:${CALLERS.reviewer}`,
  ]);
});

test('the holder applies to close through a platform service and cancels; only the holder may apply, only a platform service send it', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-vc', '家常小炒');
  const body = { accountId, holderSubjectId: `subj-${accountId}`, request: 'close', followers: 12_000 } as const;
  const byReviewer = await api.fetch(VC, { method: 'POST', token: api.tokens.reviewer, json: body });
  expect(byReviewer).toMatchObject({ status: 403, body: { needs: ['platform'] } });
  const notHolder = await api.fetch(VC, { method: 'POST', token: api.tokens.platform, json: { ...body, holderSubjectId: 'subj-stranger' } });
  expect(notHolder).toMatchObject({ status: 400, body: { error: 'invalid_input', issues: [{ field: 'holderSubjectId', rule: expect.stringContaining('only its holder may apply') }] } });
  const negative = await api.fetch(VC, { method: 'POST', token: api.tokens.platform, json: { ...body, followers: -1 } });
  expect(negative).toMatchObject({ status: 400, body: { issues: [{ field: 'followers', rule: 'must not be negative' }] } });

  const platform = api.as('platform');
  const opened = await platform.voluntaryClosure.apply(body);
  const s = await settled(() => platform.voluntaryClosure.get(accountId), (x) => x.events.some((e) => e.type === 'notice_sent'));
  // 12,000 followers: a 15-day freeze under the default policy.
  expect(Date.parse(s.deadline!.at) - Date.parse(s.openedAt)).toBe(15 * 86_400_000);
  const cancelled = await platform.voluntaryClosure.cancel(accountId, { reason: '再想想' });
  expect(cancelled).toMatchObject({ closure: { outcome: 'cancelled', cause: 'cancelled_by_holder' } });
  await settled(() => listRecords(api.stack.db, { caseRef: opened.caseRef }), (r) => r.length === 2);
  expect((await getAccount(api.stack.db, accountId))!.status).toBe('active');
});

test('the published rules show both processes\' terms, the freeze table among them', async () => {
  const rules = await api.as('reviewer').rules();
  expect(rules.unauthorisedTransfer).toMatchObject({ window: 7 * 86_400_000, remindBefore: [72 * 3_600_000, 24 * 3_600_000] });
  expect(rules.voluntaryClosure.freeze).toEqual([
    { followersBelow: 10_000, period: 7 * 86_400_000 },
    { followersBelow: 1_000_000, period: 15 * 86_400_000 },
    { period: 30 * 86_400_000 },
  ]);
});
