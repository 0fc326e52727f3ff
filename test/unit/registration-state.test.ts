import { evolveKernel } from '../../workflows/case/case';
import type { KernelEvent } from '../../workflows/case/events';
import type { CaseTerms } from '../../workflows/case/process';
import { awaiting, deadlineRunning, evolve, initialState, type RegistrationEvent, type RegistrationState } from '../../workflows/registration/state';

const terms: CaseTerms = { policyVersion: 't', windowMs: 5 * 86_400_000, remindBeforeMs: [], maxExtensionMs: 86_400_000, maxSubmissions: 1 };
const FINDING = { rule: 'name', field: 'name', detail: '与保留名称「老王说车」高度近似', severity: 'review' } as const;
const INPUT = { caseRef: 'RG-1', accountId: 'a', openedBy: 'svc', subjectId: 'subj-a', subjectKind: 'individual', name: '老汪说车', contentCategory: 'general', findings: [FINDING] } as const;

/** Applies events as the case layer does: its own reducer, then the process's. */
function run(events: (RegistrationEvent | KernelEvent)[]): RegistrationState {
  const s = initialState({ ...INPUT, findings: [...INPUT.findings] }, terms, '2026-11-23T00:00:00.000Z');
  for (const body of events) {
    const e = { ...body, by: 'x', seq: s.events.length, at: '2026-11-24T00:00:00.000Z' };
    s.events.push(e);
    evolveKernel(s, e);
    evolve(s, e);
  }
  return s;
}

const SET = { type: 'deadline_set', to: '2026-11-28T00:00:00.000Z', purpose: 'a reviewer decides the registration', quiet: true } as const;

test('a held registration waits for a reviewer, its application without the identity, its quiet deadline running', () => {
  const s = run([SET]);
  expect(s).toMatchObject({ stage: 'under_review', application: { subjectId: 'subj-a', name: '老汪说车' }, deadline: { at: SET.to, quiet: true } });
  expect(Object.keys(s.application).sort()).toEqual(['contentCategory', 'name', 'subjectId', 'subjectKind']);
  expect(deadlineRunning(s)).toBe(true);
  expect(awaiting(s)).toBe('a reviewer, to approve or reject the registration (name), or the applicant to withdraw');
});

test.each([
  ['approve', { outcome: 'registered', cause: 'approved' }],
  ['reject', { outcome: 'rejected', cause: 'rejected' }],
] as const)('a review (%s) decides the case', (decision, closure) => {
  const s = run([SET, { type: 'registration_reviewed', decision, reason: '理由' }]);
  expect(s.closure).toEqual(closure);
  expect(s.stage).toBe('closing');
  expect(s.review).toMatchObject({ decision, reason: '理由', by: 'x' });
});

test('the applicant withdraws', () => {
  expect(run([SET, { type: 'registration_withdrawn' }]).closure).toEqual({ outcome: 'withdrawn', cause: 'withdrawn' });
});

test('a lapsed review is overdue once, stops the deadline, and shows OVERDUE until a reviewer decides', () => {
  const lapsed = run([SET, { type: 'deadline_passed', deadline: SET.to }]);
  expect(lapsed.stage).toBe('under_review');
  expect(lapsed.overdue).toEqual({ since: SET.to, escalated: false });
  expect(deadlineRunning(lapsed)).toBe(false);
  expect(awaiting(lapsed)).toMatch(/\(OVERDUE since 2026-11-28T00:00:00.000Z\)$/);
  const escalated = run([SET, { type: 'deadline_passed', deadline: SET.to }, { type: 'review_escalated', deadline: SET.to }, { type: 'deadline_passed', deadline: 'later' }]);
  expect(escalated.overdue).toEqual({ since: SET.to, escalated: true });
  expect(awaiting(escalated)).toMatch(/OVERDUE since .*: escalated\)$/);
  expect(run([SET, { type: 'deadline_passed', deadline: SET.to }, { type: 'registration_reviewed', decision: 'approve', reason: 'ok' }]).closure?.outcome).toBe('registered');
});

test('approved, then refused at registration: the case ends rejected, no longer eligible', () => {
  const s = run([SET, { type: 'registration_reviewed', decision: 'approve', reason: 'ok' }, { type: 'registration_refused_at_approval', findings: [{ ...FINDING, rule: 'quota', severity: 'refuse' }] }]);
  expect(s.closure).toEqual({ outcome: 'rejected', cause: 'no_longer_eligible' });
});
