import { evolveKernel } from '../../workflows/case/case';
import { confirmationRefusal, pendingProposal } from '../../workflows/case/four-eyes';
import type { KernelEvent } from '../../workflows/case/events';
import type { CaseTerms } from '../../workflows/case/process';
import { awaiting, deciders, evolve, initialState, type NameCorrectionEvent, type NameCorrectionState } from '../../workflows/name-correction/state';

const terms: CaseTerms = { policyVersion: 't', windowMs: 7 * 86_400_000, remindBeforeMs: [], maxExtensionMs: 86_400_000, maxSubmissions: 3, confirmWithinMs: 3_600_000 };
const FINDING = { field: 'name', ground: 'implies_party_or_state_body', detail: '含「国务院」' } as const;
const AT = '2026-11-24T00:00:00.000Z';

/** Applies authored events as the case layer does: its own reducer, then the process's. */
function run(events: ((NameCorrectionEvent | KernelEvent) & { by?: string })[], fourEyes = true): NameCorrectionState {
  const s = initialState({ caseRef: 'NC-1', accountId: 'a', openedBy: 'svc', findings: [FINDING] }, terms, '2026-11-23T00:00:00.000Z', { fourEyes });
  for (const body of events) {
    const e = { by: 'x', ...body, seq: s.events.length, at: AT };
    s.events.push(e);
    evolveKernel(s, e);
    evolve(s, e);
  }
  return s;
}
const proposed = { type: 'termination_proposed', proposalNo: 1, reason: '逾期', cause: 'deadline_passed', confirmBy: '2026-11-24T01:00:00.000Z', by: 'zhao' } as const;

test('with four eyes a passed deadline or a refusal makes the termination due, not the case closed', () => {
  for (const trigger of [{ type: 'deadline_passed', deadline: AT } as const, { type: 'correction_refused' } as const]) {
    const s = run([trigger]);
    expect(s.closure).toBeUndefined();
    expect(s.stage).toBe('termination_due');
    expect(s.fourEyes!.due).toEqual({ cause: trigger.type === 'deadline_passed' ? 'deadline_passed' : 'refused', since: AT, confirmBy: '2026-11-24T01:00:00.000Z', escalated: false });
  }
  // Cases opened before four eyes close at once, as they always did.
  expect(run([{ type: 'deadline_passed', deadline: AT }], false)).toMatchObject({ stage: 'closing', closure: { outcome: 'terminated', cause: 'deadline_passed' } });
});

test('a proposal waits for a second supervisor; a rejection makes it due again; a confirmation closes the case with the cause', () => {
  const s = run([{ type: 'deadline_passed', deadline: AT }, proposed]);
  expect(s.stage).toBe('termination_proposed');
  expect(awaiting(s)).toBe('a second supervisor (not zhao, the opener or a reviewer of this case), to confirm or reject termination proposal 1');
  const rejected = run([{ type: 'deadline_passed', deadline: AT }, proposed, { type: 'termination_rejected', proposalNo: 1, reason: '再等等', proposal: { by: 'zhao', at: AT, reason: '逾期', cause: 'deadline_passed' }, confirmBy: AT, by: 'wang' }]);
  expect(rejected.stage).toBe('termination_due');
  expect(pendingProposal(rejected.fourEyes!)).toBeUndefined();
  expect(rejected.fourEyes!.proposals[0]!.rejected).toEqual({ by: 'wang', at: AT, reason: '再等等' });
  const confirmed = run([{ type: 'correction_refused' }, { ...proposed, cause: 'refused' }, { type: 'termination_confirmed', proposalNo: 1, reason: '同意', by: 'wang' }]);
  expect(confirmed).toMatchObject({ stage: 'closing', closure: { outcome: 'terminated', cause: 'refused' } });
  expect(confirmed.fourEyes!.due).toBeUndefined();
});

test('an overdue wait is marked escalated, and shown', () => {
  const s = run([{ type: 'deadline_passed', deadline: AT }, proposed, { type: 'confirmation_overdue', confirmBy: proposed.confirmBy, proposalNo: 1 }]);
  expect(s.stage).toBe('termination_proposed');
  expect(awaiting(s)).toMatch(/proposal 1 \(OVERDUE since 2026-11-24T01:00:00.000Z: escalated\)$/);
});

test('the confirmer is neither the proposer, the opener, nor a reviewer of the case', () => {
  const s = run([
    { type: 'correction_submitted', submissionNo: 1, profile: { name: '老张说事' } },
    { type: 'correction_checked', submissionNo: 1, passed: true, findings: [] },
    { type: 'correction_reviewed', submissionNo: 1, decision: 'reject', reason: '不符', by: 'sun' },
    { type: 'correction_refused' },
    proposed,
  ]);
  const o = { openedBy: s.openedBy, deciders: deciders(s), verb: 'confirm' as const };
  expect(deciders(s)).toEqual(['sun']);
  expect(confirmationRefusal(s.fourEyes!, 'zhao', o)).toBe('four eyes: "zhao" proposed this termination and may not confirm it; a second supervisor must');
  expect(confirmationRefusal(s.fourEyes!, 'svc', o)).toBe('four eyes: "svc" opened this case and may not confirm its termination');
  expect(confirmationRefusal(s.fourEyes!, 'sun', o)).toMatch(/^four eyes: "sun" decided this case/);
  expect(confirmationRefusal(s.fourEyes!, 'wang', o)).toBeUndefined();
  // Rejecting stops the measure: only the proposer may not.
  expect(confirmationRefusal(s.fourEyes!, 'svc', { ...o, verb: 'reject' })).toBeUndefined();
  expect(confirmationRefusal(run([{ type: 'correction_refused' }]).fourEyes!, 'wang', o)).toBe('there is no termination proposal to confirm');
});
