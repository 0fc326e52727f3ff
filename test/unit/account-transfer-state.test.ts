import type { TransferFinding } from '../../schemas/account-transfer';
import type { CaseTerms } from '../../workflows/case/process';
import { awaiting, classify, deadlineRunning, evolve, initialState, remindWhom, type AccountTransferEvent, type AccountTransferState } from '../../workflows/account-transfer/state';
import type { KernelEvent, Stamped } from '../../workflows/case/events';

const finding = (rule: string, severity: 'refuse' | 'review'): TransferFinding => ({ rule, field: 'receiver', detail: rule, severity });
const TERMS = { policyVersion: 't', windowMs: 1, remindBeforeMs: [], maxExtensionMs: 1, maxSubmissions: 3, materialsWindow: 1, noticePeriod: 1 } as CaseTerms;
const input = { caseRef: 'AT-1', accountId: 'a1', openedBy: 'svc', holderSubjectId: 'h', receiver: { subjectId: 'r', kind: 'individual' as const, numberMasked: '1101**', phoneMasked: '139****', verified: true } };

function run(...events: (AccountTransferEvent | KernelEvent)[]): AccountTransferState {
  const s = initialState(input, TERMS, '2026-12-01T00:00:00Z');
  events.forEach((e, seq) => {
    const stamped = { ...e, seq, at: '2026-12-01T00:00:00Z', by: 'x' } as Stamped<AccountTransferEvent | KernelEvent>;
    s.events.push(stamped);
    evolve(s, stamped);
  });
  return s;
}

test('classify: uncurable refusals reject; a missing qualification waits; a name mismatch waits until materials were supplied once', () => {
  expect(classify([finding('blacklist', 'refuse'), finding('qualification', 'refuse')], false)).toBe('ineligible');
  expect(classify([finding('quota', 'refuse')], true)).toBe('ineligible');
  expect(classify([finding('qualification', 'refuse')], true)).toBe('needs_materials');
  expect(classify([finding('name_identity', 'review')], false)).toBe('needs_materials');
  expect(classify([finding('name_identity', 'review')], true)).toBe('eligible');
  expect(classify([finding('name', 'review'), finding('quota', 'review')], false)).toBe('eligible');
});

test('the stages follow the events; the deadline runs only while a party must act or the notice period runs', () => {
  let s = run({ type: 'receiver_checked', checkNo: 1, findings: [finding('qualification', 'refuse')], outcome: 'needs_materials' });
  expect([s.stage, deadlineRunning(s), remindWhom(s)]).toEqual(['awaiting_materials', true, [{ toSubject: 'r' }]]);
  expect(awaiting(s)).toContain('receiver:a1');
  s = run({ type: 'receiver_checked', checkNo: 1, findings: [], outcome: 'eligible' }, { type: 'party_confirmed', party: 'holder' });
  expect([s.stage, remindWhom(s)]).toEqual(['awaiting_confirmations', [{ toSubject: 'r' }]]);
  expect(awaiting(s)).toMatch(/^the receiving side \(receiver:a1\), to confirm/);
  s = run(
    { type: 'receiver_checked', checkNo: 1, findings: [], outcome: 'eligible' },
    { type: 'party_confirmed', party: 'receiver' },
    { type: 'party_confirmed', party: 'holder' },
    { type: 'transfer_reviewed', decision: 'approve', reason: 'ok' },
  );
  expect([s.stage, deadlineRunning(s)]).toEqual(['approval_pending', false]);
  s = run(
    { type: 'receiver_checked', checkNo: 1, findings: [], outcome: 'eligible' },
    { type: 'party_confirmed', party: 'receiver' },
    { type: 'party_confirmed', party: 'holder' },
    { type: 'transfer_reviewed', decision: 'approve', reason: 'ok' },
    { type: 'approval_decided', decision: 'confirm', reason: 'ok' },
    { type: 'deadline_set', to: '2026-12-04T00:00:00.000Z', purpose: 'notice period', quiet: true },
  );
  expect([s.stage, s.effectiveAt, deadlineRunning(s)]).toEqual(['notice_period', '2026-12-04T00:00:00.000Z', true]);
  s = run(...s.events.map(({ seq: _s, at: _a, by: _b, ...e }) => e as AccountTransferEvent), { type: 'deadline_passed', deadline: '2026-12-04T00:00:00.000Z' });
  expect(s.closure).toEqual({ outcome: 'completed', cause: 'notice_period_ended' });
});

test('a deadline passing lapses the wait it ends; a withdrawal during the check keeps the case withdrawn', () => {
  expect(run({ type: 'receiver_checked', checkNo: 1, findings: [], outcome: 'eligible' }, { type: 'deadline_passed', deadline: 'x' }).closure).toEqual({ outcome: 'lapsed', cause: 'confirmation_deadline' });
  expect(run({ type: 'receiver_checked', checkNo: 1, findings: [finding('qualification', 'refuse')], outcome: 'needs_materials' }, { type: 'deadline_passed', deadline: 'x' }).closure).toEqual({ outcome: 'lapsed', cause: 'materials_deadline' });
  const s = run({ type: 'transfer_withdrawn' }, { type: 'receiver_checked', checkNo: 1, findings: [], outcome: 'eligible' });
  expect([s.stage, s.closure]).toEqual(['closing', { outcome: 'withdrawn', cause: 'withdrawn' }]);
});
