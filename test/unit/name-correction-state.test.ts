import { evolveKernel } from '../../workflows/case/case';
import type { KernelEvent } from '../../workflows/case/events';
import type { CaseTerms } from '../../workflows/case/process';
import { awaiting, deadlineRunning, evolve, initialState, type NameCorrectionEvent, type NameCorrectionState } from '../../workflows/name-correction/state';

const terms: CaseTerms = { policyVersion: 't', windowMs: 7 * 86_400_000, remindBeforeMs: [], maxExtensionMs: 86_400_000, maxSubmissions: 3 };
const FINDING = { field: 'name', ground: 'implies_party_or_state_body', detail: '含「国务院」' } as const;

/** Applies events as the case layer does: its own reducer, then the process's. */
function run(events: (NameCorrectionEvent | KernelEvent)[], at = '2026-11-24T00:00:00.000Z'): NameCorrectionState {
  const s = initialState({ caseRef: 'NC-1', accountId: 'a', openedBy: 'svc', findings: [FINDING] }, terms, '2026-11-23T00:00:00.000Z');
  for (const body of events) {
    const e = { ...body, by: 'x', seq: s.events.length, at };
    s.events.push(e);
    evolveKernel(s, e);
    evolve(s, e);
  }
  return s;
}

test('a new case waits for the account holder, with the deadline running', () => {
  const s = run([]);
  expect(s.stage).toBe('awaiting_correction');
  expect(s.deadline!.at).toBe('2026-11-30T00:00:00.000Z');
  expect(deadlineRunning(s)).toBe(true);
  expect(awaiting(s)).toMatch(/account holder/);
});

test('a correction is checked, then reviewed; the deadline pauses while others act', () => {
  const sub = { type: 'correction_submitted', submissionNo: 1, profile: { name: '老张说事' } } as const;
  expect(run([sub]).stage).toBe('checking');
  const checked = run([sub, { type: 'correction_checked', submissionNo: 1, passed: true, findings: [] }]);
  expect(checked.stage).toBe('under_review');
  expect(deadlineRunning(checked)).toBe(false);
  expect(awaiting(checked)).toMatch(/reviewer.*correction 1/);
  const failed = run([sub, { type: 'correction_checked', submissionNo: 1, passed: false, findings: [] }]);
  expect(failed.stage).toBe('awaiting_correction');
});

test.each([
  ['approved', { type: 'correction_reviewed', submissionNo: 1, decision: 'approve', reason: 'ok' }, { outcome: 'restored', cause: 'approved' }],
  ['refused', { type: 'correction_refused' }, { outcome: 'terminated', cause: 'refused' }],
  ['withdrawn', { type: 'case_withdrawn', reason: '误判' }, { outcome: 'withdrawn', cause: 'withdrawn' }],
  ['deadline passed', { type: 'deadline_passed', deadline: '2026-11-30T00:00:00.000Z' }, { outcome: 'terminated', cause: 'deadline_passed' }],
] as const)('%s: the case is decided and its closing measures come next', (_, last, closure) => {
  const sub = { type: 'correction_submitted', submissionNo: 1, profile: { name: '老张说事' } } as const;
  const before = [sub, { type: 'correction_checked', submissionNo: 1, passed: true, findings: [] }, last] as (NameCorrectionEvent | KernelEvent)[];
  const s = run(before);
  expect(s.closure).toEqual(closure);
  expect(s.stage).toBe('closing');
  const closed = run([...before, { type: 'closed', outcome: closure.outcome }]);
  expect(closed.stage).toBe(closure.outcome);
});

test('a rejection hands the case back to the account holder; a withdrawal during the check stays closed', () => {
  const sub = { type: 'correction_submitted', submissionNo: 1, profile: { name: '老张说事' } } as const;
  const checked: NameCorrectionEvent = { type: 'correction_checked', submissionNo: 1, passed: true, findings: [] };
  const rejected = run([sub, checked, { type: 'correction_reviewed', submissionNo: 1, decision: 'reject', reason: '不符' }]);
  expect(rejected.stage).toBe('awaiting_correction');
  expect(rejected.submissions[0]!.review).toMatchObject({ decision: 'reject', reason: '不符' });
  const withdrawn = run([sub, { type: 'case_withdrawn', reason: '误判' }, checked]);
  expect(withdrawn.stage).toBe('closing');
});

test('an extension moves the deadline and keeps the reminders already sent', () => {
  const s = run([
    { type: 'reminder_sent', slot: '2026-11-30T00:00:00.000Z|86400000' },
    { type: 'deadline_extended', from: '2026-11-30T00:00:00.000Z', to: '2026-12-03T00:00:00.000Z', reason: '顺延' },
  ]);
  expect(s.deadline).toEqual({ at: '2026-12-03T00:00:00.000Z', setAt: '2026-11-24T00:00:00.000Z', reminders: { '2026-11-30T00:00:00.000Z|86400000': 'sent' } });
});
