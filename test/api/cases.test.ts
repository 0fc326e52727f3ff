import { CaseExistsError, ComplianceApiError } from '../../client';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { FINDING, seedAccount } from '../helpers/stack';
import { apiStack, CALLERS, settled } from './api-stack';

// Every case operation over real HTTP, against a real worker: open, read, each action, the queue,
// and the statuses a caller can meet on the way.
const api = apiStack();
const NC = '/v1/cases/name-correction';

test('a platform service opens a case (201); a second open is 409 with the open case; the opener is the credential', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-open', '国务院观察');
  const platform = api.as('platform');
  const opened = await platform.nameCorrection.open({ accountId, findings: [FINDING] });
  expect(opened).toMatchObject({ created: true, caseRef: expect.stringMatching(/^NC-\d{8}-[A-Z0-9]{8}$/) });

  const again = await api.fetch(NC, { method: 'POST', token: api.tokens.platform, json: { accountId, findings: [FINDING] } });
  expect(again).toEqual({
    status: 409,
    body: { error: 'case_exists', message: expect.stringContaining(opened.caseRef), case: { workflowId: opened.workflowId, caseRef: opened.caseRef } },
  });
  await expect(platform.nameCorrection.open({ accountId, findings: [FINDING] })).rejects.toEqual(expect.objectContaining({ existing: { workflowId: opened.workflowId, caseRef: opened.caseRef } }));
  await expect(platform.nameCorrection.open({ accountId, findings: [FINDING] })).rejects.toBeInstanceOf(CaseExistsError);

  const state = await settled(() => platform.nameCorrection.get(accountId), (s) => s.stage === 'awaiting_correction');
  expect(state).toMatchObject({ caseRef: opened.caseRef, openedBy: CALLERS.platform });
  const records = await settled(() => listRecords(api.stack.db, { caseRef: opened.caseRef }), (r) => r.length > 0);
  expect(records.map((r) => `${r.action}:${r.actor}`)).toEqual([`suspend_service:${CALLERS.platform}`]);
});

test('400 names the field and the rule, and nothing is opened', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-bad', '国务院观察');
  const bad = await api.fetch(NC, { method: 'POST', token: api.tokens.platform, json: { accountId, findings: [{ ...FINDING, ground: 'looks_bad' }] } });
  expect(bad.status).toBe(400);
  expect(bad.body.error).toBe('invalid_input');
  expect(bad.body.issues).toEqual([{ field: 'findings.0.ground', rule: expect.stringContaining('implies_party_or_state_body') }]);

  // Who opens is the credential's: a body that names someone is refused, not believed.
  const named = await api.fetch(NC, { method: 'POST', token: api.tokens.platform, json: { accountId, findings: [FINDING], openedBy: 'someone-else' } });
  expect(named).toMatchObject({ status: 400, body: { issues: [{ field: '(input)', rule: expect.stringContaining('openedBy') }] } });

  const unknown = await api.fetch(NC, { method: 'POST', token: api.tokens.platform, json: { accountId: 'no-such-account', findings: [FINDING] } });
  expect(unknown).toMatchObject({ status: 400, body: { issues: [{ field: 'accountId', rule: 'must name an account in the registry' }] } });

  const notJson = await api.fetch(NC, { method: 'POST', token: api.tokens.platform, headers: { 'content-type': 'application/json' }, body: '{"accountId":' });
  expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_input' } });

  expect(await api.fetch(`${NC}/${accountId}`, { token: api.tokens.reviewer })).toMatchObject({ status: 404, body: { error: 'not_found' } });
  expect((await getAccount(api.stack.db, accountId))!.status).toBe('active');
});

test('404 for an action on an account without a case; 400 for an account id that cannot be one', async () => {
  const r = await api.fetch(`${NC}/nobody-here/withdraw`, { method: 'POST', token: api.tokens.supervisor, json: { reason: '误报' } });
  expect(r).toMatchObject({ status: 404, body: { error: 'not_found', message: expect.stringContaining('no open case') } });
  const bad = await api.fetch(`${NC}/${encodeURIComponent('bad id!')}`, { token: api.tokens.reviewer });
  expect(bad).toMatchObject({ status: 400, body: { issues: [{ field: 'params.accountId', rule: expect.stringContaining('letters, digits') }] } });
});

test('submitted by the platform for the holder, reviewed by a reviewer: each actor is the one its credential proves', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-flow', '国务院观察');
  const { caseRef } = await api.as('platform').nameCorrection.open({ accountId, findings: [FINDING] });

  // A retry with the same Idempotency-Key returns the first result: one submission, not two.
  const first = await api.as('platform').nameCorrection.submit(accountId, { profile: { name: '老张说事' } }, { idempotencyKey: 'sub-1' });
  const retry = await api.as('platform').nameCorrection.submit(accountId, { profile: { name: '老张说事' } }, { idempotencyKey: 'sub-1' });
  expect(first).toMatchObject({ submissionNo: 1, passed: true, stage: 'under_review' });
  expect(retry).toEqual(first);

  // The operator's identity is the credential: a body naming another operator is refused.
  const forged = await api.fetch(`${NC}/${accountId}/review`, {
    method: 'POST',
    token: api.tokens.reviewer,
    json: { operatorId: 'supervisor-wang', reason: '合规', submissionNo: 1, decision: 'approve' },
  });
  expect(forged).toMatchObject({ status: 400, body: { issues: [{ field: '(input)', rule: expect.stringContaining('operatorId') }] } });

  // The case refuses what its stage does not allow: 409, and it says why.
  const wrongNo = await api.as('reviewer').nameCorrection.review(accountId, { reason: '合规', submissionNo: 7, decision: 'approve' }).catch((e) => e);
  expect(wrongNo).toBeInstanceOf(ComplianceApiError);
  expect(wrongNo).toMatchObject({ status: 409, code: 'action_refused' });

  // A key is the caller's own: the reviewer's action with the platform's key runs (it is not the submission's retry).
  const reviewed = await api.as('reviewer').nameCorrection.review(accountId, { reason: '名称合规', submissionNo: 1, decision: 'approve' }, { idempotencyKey: 'sub-1' });
  expect(reviewed).toMatchObject({ caseRef });
  const state = await settled(() => api.as('auditor').nameCorrection.get(accountId), (s) => s.stage === 'restored');
  expect(state.submissions[0]!.review).toMatchObject({ by: CALLERS.reviewer, decision: 'approve' });
  expect((await listRecords(api.stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`)).toEqual([
    `suspend_service:${CALLERS.platform}`,
    `approve_correction:${CALLERS.reviewer}`,
    `apply_profile:${CALLERS.reviewer}`,
    `restore_service:${CALLERS.reviewer}`,
  ]);
  // A closed case takes no more actions: 404 (no open case).
  const late = await api.fetch(`${NC}/${accountId}/withdraw`, { method: 'POST', token: api.tokens.supervisor, json: { reason: '误报' } });
  expect(late.status).toBe(404);
});

test('a supervisor extends the deadline and withdraws; the holder refuses in another case, and two people terminate it', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-sup', '国务院观察');
  await api.as('platform').nameCorrection.open({ accountId, findings: [FINDING] });
  const opened = await settled(() => api.as('supervisor').nameCorrection.get(accountId), (s) => s.stage === 'awaiting_correction');
  const later = new Date(Date.parse(opened.deadline!.at) + 86_400_000).toISOString();
  const extended = await api.as('supervisor').nameCorrection.extendDeadline(accountId, { reason: '用户申请延期', newDeadline: later });
  expect(Date.parse(extended.deadline!.at)).toBe(Date.parse(later));
  await api.as('supervisor').nameCorrection.withdraw(accountId, { reason: '误报' });
  await settled(() => api.as('supervisor').nameCorrection.get(accountId), (s) => s.stage === 'withdrawn');

  const { accountId: other } = await seedAccount(api.stack.db, 'api-refuse', '国务院观察');
  await api.as('platform').nameCorrection.open({ accountId: other, findings: [FINDING] });
  await settled(() => api.as('auditor').nameCorrection.get(other), (s) => s.stage === 'awaiting_correction');
  await api.as('platform').nameCorrection.refuse(other, { statement: '不改' });
  const due = await settled(() => api.as('auditor').nameCorrection.get(other), (s) => s.stage === 'termination_due');
  expect(due.events.find((e) => e.type === 'correction_refused')).toMatchObject({ statement: '不改', by: `holder:${other}`, via: CALLERS.platform });
  await api.as('reviewer').nameCorrection.proposeTermination(other, { reason: '用户明确拒绝改正' });
  // Four eyes: confirming takes a supervisor, a second person after the proposer.
  const same = await api.fetch(`${NC}/${other}/confirm-termination`, { method: 'POST', token: api.tokens.reviewer, json: { reason: '同意', proposalNo: 1 } });
  expect(same).toMatchObject({ status: 403, body: { needs: ['supervisor'] } });
  await api.as('supervisor').nameCorrection.confirmTermination(other, { reason: '同意终止', proposalNo: 1 });
  await settled(() => api.as('auditor').nameCorrection.get(other), (s) => s.stage === 'terminated');
  expect((await listRecords(api.stack.db, { accountId: other })).map((r) => `${r.action}:${r.actor}`)).toEqual(
    expect.arrayContaining([`propose_termination:${CALLERS.reviewer}`, `confirm_termination:${CALLERS.supervisor}`, `terminate_service:${CALLERS.supervisor}`]),
  );
});

test('the work queue lists open cases by filter; a bad filter is 400 naming it', async () => {
  const { accountId } = await seedAccount(api.stack.db, 'api-queue', '国务院观察');
  const { caseRef } = await api.as('platform').nameCorrection.open({ accountId, findings: [FINDING] });
  const listed = await settled(
    () => api.as('reviewer').cases.list({ kind: 'name-correction', account: accountId }),
    (l) => l.cases.some((c) => c.caseRef === caseRef),
  );
  expect(listed.cases).toEqual([expect.objectContaining({ caseRef, accountId, kind: 'name-correction', status: 'RUNNING' })]);
  const bad = await api.fetch('/v1/cases?dueWithin=soon&limit=0', { token: api.tokens.reviewer });
  expect(bad.status).toBe(400);
  expect(bad.body.issues).toEqual(
    expect.arrayContaining([
      { field: 'querystring.dueWithin', rule: 'must be a duration like 24h, 3d or 1d12h' },
      { field: 'querystring.limit', rule: 'must be at least 1' },
    ]),
  );
});
