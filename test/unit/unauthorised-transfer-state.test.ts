import type { KernelEvent, Stamped } from '../../workflows/case/events';
import type { CaseTerms } from '../../workflows/case/process';
import { awaiting, deadlineRunning, deciders, evolve, initialState, type UnauthorisedTransferEvent, type UnauthorisedTransferState } from '../../workflows/unauthorised-transfer/state';
import { TRANSFER_EVIDENCE } from '../helpers/account-processes';

const TERMS: CaseTerms = { policyVersion: 't', windowMs: 7 * 86_400_000, remindBeforeMs: [], maxExtensionMs: 0, maxSubmissions: 1, confirmWithinMs: 3_600_000 };
const fresh = () => initialState({ caseRef: 'UT-1', accountId: 'a', openedBy: 'svc', evidence: TRANSFER_EVIDENCE }, TERMS, '2026-12-01T00:00:00.000Z');
let seq = 0;
type Event = UnauthorisedTransferEvent | KernelEvent;
const apply = (s: UnauthorisedTransferState, e: Event & { by?: string; via?: string }) =>
  evolve(s, { by: 'x', ...e, seq: seq++, at: '2026-12-02T00:00:00.000Z' } as Stamped<Event>);

test('no answer by the deadline: the case goes to a reviewer, marked unanswered; an answer in time stops the clock', () => {
  const silent = fresh();
  expect(deadlineRunning(silent)).toBe(true);
  apply(silent, { type: 'deadline_passed', deadline: silent.deadline!.at });
  expect(silent).toMatchObject({ stage: 'under_review', unanswered: true });
  expect(deadlineRunning(silent)).toBe(false);

  const answered = fresh();
  apply(answered, { type: 'holder_responded', statement: '未转让', by: 'holder:a', via: 'svc' });
  expect(answered).toMatchObject({ stage: 'under_review', response: { statement: '未转让', via: 'svc' } });
  expect(answered.unanswered).toBeUndefined();
  expect(awaiting(answered)).toContain('the holder answered');
});

test('a decision to terminate makes the termination due (four eyes), keeps the decider from confirming; a withdrawal still ends it', () => {
  const s = fresh();
  apply(s, { type: 'holder_responded', statement: '卖了' });
  apply(s, { type: 'report_decided', decision: 'terminate', reason: '属实', by: 'supervisor-sun' });
  expect(s.stage).toBe('termination_due');
  expect(s.fourEyes?.due).toMatchObject({ cause: 'unauthorised_transfer', confirmBy: '2026-12-02T01:00:00.000Z' });
  expect(s.closure).toBeUndefined();
  expect(deciders(s)).toEqual(['supervisor-sun']);
  apply(s, { type: 'termination_proposed', proposalNo: 1, reason: 'r', cause: 'unauthorised_transfer', confirmBy: '2026-12-02T01:00:00.000Z', by: 'reviewer-li' });
  expect(s.stage).toBe('termination_proposed');
  apply(s, { type: 'report_withdrawn', reason: '误报' });
  expect(s).toMatchObject({ stage: 'closing', closure: { outcome: 'withdrawn', cause: 'withdrawn' } });
});

test('restore closes the case as restored', () => {
  const s = fresh();
  apply(s, { type: 'deadline_passed', deadline: s.deadline!.at });
  apply(s, { type: 'report_decided', decision: 'restore', reason: '非转让' });
  expect(s.closure).toEqual({ outcome: 'restored', cause: 'restored_on_review' });
});
