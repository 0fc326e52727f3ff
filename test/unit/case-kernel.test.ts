import { caseTerms, CaseTermsObject, remindersInsideWindow } from '../../policy/case-terms';
import { evolveKernel, type CaseState } from '../../workflows/case/case';
import { pendingReminders } from '../../workflows/case/deadline';
import { secondPairRefusal } from '../../workflows/case/four-eyes';
import type { CaseTerms } from '../../workflows/case/process';

const H = 3_600_000;
const D = 24 * H;

function aCase(): CaseState {
  const terms: CaseTerms = { policyVersion: 't', windowMs: 7 * D, remindBeforeMs: [72 * H, 24 * H], maxExtensionMs: 30 * D, maxSubmissions: 10 };
  return { kind: 'k', caseRef: 'K-1', accountId: 'acc', openedAt: '2026-12-01T00:00:00.000Z', openedBy: 'op', stage: 's', terms, events: [] };
}

test('a process sets its next wait: the deadline moves, says what it is for, and its reminders start afresh', () => {
  const s = aCase();
  evolveKernel(s, { type: 'deadline_set', to: '2026-12-08T00:00:00.000Z', purpose: 'materials', seq: 0, at: '2026-12-01T00:00:00.000Z', by: 'system' });
  const [first] = pendingReminders(s.deadline!, s.terms.remindBeforeMs);
  s.deadline!.reminders[first!.slot] = 'sent';
  evolveKernel(s, { type: 'deadline_set', to: '2026-12-16T00:00:00.000Z', purpose: 'both parties confirm', seq: 1, at: '2026-12-02T00:00:00.000Z', by: 'system' });
  expect(s.deadline).toEqual({ at: '2026-12-16T00:00:00.000Z', setAt: '2026-12-02T00:00:00.000Z', reminders: {}, purpose: 'both parties confirm' });
  expect(pendingReminders(s.deadline!, s.terms.remindBeforeMs)).toHaveLength(2);
});

test('a quiet wait (a notice period) sends no reminders, and an extension keeps it quiet', () => {
  const s = aCase();
  evolveKernel(s, { type: 'deadline_set', to: '2026-12-04T00:00:00.000Z', purpose: 'notice period', quiet: true, seq: 0, at: '2026-12-01T00:00:00.000Z', by: 'system' });
  expect(pendingReminders(s.deadline!, s.terms.remindBeforeMs)).toEqual([]);
  evolveKernel(s, { type: 'deadline_extended', from: '2026-12-04T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z', reason: 'r', seq: 1, at: '2026-12-02T00:00:00.000Z', by: 'sup' });
  expect(s.deadline).toMatchObject({ at: '2026-12-06T00:00:00.000Z', quiet: true, purpose: 'notice period' });
  expect(pendingReminders(s.deadline!, s.terms.remindBeforeMs)).toEqual([]);
});

test("a process's own terms reach its cases beside the shared ones, and reminders must fall inside the window", () => {
  const schema = CaseTermsObject.extend({ noticePeriod: CaseTermsObject.shape.window }).superRefine(remindersInsideWindow);
  const section = schema.parse({
    window: '15 days', remindBefore: ['72 hours'], maxExtension: '7 days', maxSubmissions: 3, confirmWithin: '24 hours', sealMaxAge: '5 minutes', noticePeriod: '3 days',
  });
  expect(caseTerms('v1', section)).toEqual({
    policyVersion: 'v1', windowMs: 15 * D, remindBeforeMs: [72 * H], maxExtensionMs: 7 * D, maxSubmissions: 3, confirmWithinMs: 24 * H, sealMaxAgeMs: 5 * 60_000, noticePeriod: 3 * D,
  });
  const r = schema.safeParse({ ...section, window: '2 days', remindBefore: ['72 hours'], maxExtension: '1 day', confirmWithin: '1 day', sealMaxAge: '1 minute', noticePeriod: '1 day' });
  expect(r.success).toBe(false);
});

test('four eyes on any two-person step: not the first person, not the opener, not a decider', () => {
  const o = { proposer: 'rev-a', openedBy: 'plat', deciders: ['rev-b'], verb: 'confirm', what: 'the transfer approval' };
  expect(secondPairRefusal('rev-a', o)).toMatch(/"rev-a" took the first step of the transfer approval and may not confirm it/);
  expect(secondPairRefusal('plat', o)).toMatch(/"plat" opened this case/);
  expect(secondPairRefusal('rev-b', o)).toMatch(/"rev-b" decided this case/);
  expect(secondPairRefusal('sup-c', o)).toBeUndefined();
});
