import type { TransferEvidence } from '../../schemas/unauthorised-transfer';
import type { CaseState } from '../case/case';
import { newDeadline } from '../case/deadline';
import type { KernelEvent, Stamped } from '../case/events';
import { DEFAULT_CONFIRM_WITHIN_MS, newFourEyes, overdueNote, pendingProposal, terminationDue } from '../case/four-eyes';
import type { CaseInput, CaseTerms } from '../case/process';

/**
 * An unauthorised-transfer case (Art. 11 ¶2) as events, each with its author; the state is derived by
 * `evolve` (pure). Deadlines, reminders, four eyes and closing are the case layer's events.
 */

export interface UnauthorisedTransferInput extends CaseInput {
  evidence: TransferEvidence;
}

export type Outcome = 'restored' | 'terminated' | 'withdrawn';
export type ClosureCause = 'restored_on_review' | 'unauthorised_transfer' | 'withdrawn';
/** termination_due / termination_proposed: four eyes before service is terminated. */
export type Stage = 'awaiting_response' | 'under_review' | 'termination_due' | 'termination_proposed' | 'closing' | Outcome;

export type UnauthorisedTransferEvent =
  | { type: 'opened'; evidence: TransferEvidence; deadline: string; terms: CaseTerms }
  | { type: 'holder_responded'; statement: string }
  | { type: 'report_decided'; decision: 'restore' | 'terminate'; reason: string }
  | { type: 'report_withdrawn'; reason: string }
  | { type: 'name_reserved' };

export interface UnauthorisedTransferState extends CaseState<UnauthorisedTransferEvent> {
  stage: Stage;
  evidence: TransferEvidence;
  /** The holder's answer, if they gave one before the deadline. */
  response?: { statement: string; at: string; via?: string };
  /** Whether the deadline passed without an answer. */
  unanswered?: boolean;
  decision?: { decision: 'restore' | 'terminate'; by: string; reason: string; at: string };
  closure?: { outcome: Outcome; cause: ClosureCause };
}

export function initialState(input: UnauthorisedTransferInput, terms: CaseTerms, openedAt: string): UnauthorisedTransferState {
  return {
    kind: 'unauthorised-transfer',
    caseRef: input.caseRef,
    accountId: input.accountId,
    openedAt,
    openedBy: input.openedBy,
    stage: 'awaiting_response',
    terms,
    deadline: newDeadline(openedAt, terms.windowMs),
    evidence: input.evidence,
    fourEyes: newFourEyes(),
    events: [],
  };
}

export function evolve(s: UnauthorisedTransferState, e: Stamped<UnauthorisedTransferEvent | KernelEvent>): void {
  switch (e.type) {
    case 'holder_responded':
      s.response = { statement: e.statement, at: e.at, ...(e.via ? { via: e.via } : {}) };
      s.stage = 'under_review';
      break;
    case 'deadline_passed':
      // No answer in time: a reviewer decides on the report alone.
      if (s.stage === 'awaiting_response') {
        s.unanswered = true;
        s.stage = 'under_review';
      }
      break;
    case 'report_decided':
      s.decision = { decision: e.decision, by: e.by, reason: e.reason, at: e.at };
      if (e.decision === 'restore') decide(s, 'restored', 'restored_on_review');
      else {
        terminationDue(s.fourEyes!, 'unauthorised_transfer', e.at, s.terms.confirmWithinMs ?? DEFAULT_CONFIRM_WITHIN_MS);
        s.stage = 'termination_due';
      }
      break;
    case 'report_withdrawn':
      decide(s, 'withdrawn', 'withdrawn');
      break;
    case 'termination_proposed':
      s.stage = 'termination_proposed';
      break;
    case 'termination_rejected':
      s.stage = 'termination_due';
      break;
    case 'termination_confirmed':
      decide(s, 'terminated', 'unauthorised_transfer');
      break;
  }
}

function decide(s: UnauthorisedTransferState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

/** The holder's time to answer runs while the case waits for them; a reviewer's decision has no deadline of the holder's. */
export function deadlineRunning(s: UnauthorisedTransferState): boolean {
  return s.stage === 'awaiting_response';
}

export function awaiting(s: UnauthorisedTransferState): string {
  switch (s.stage) {
    case 'awaiting_response':
      return 'the account holder, to answer the report (or a supervisor, to withdraw it)';
    case 'under_review':
      return `a reviewer, to restore service or decide to terminate it (${s.unanswered ? 'no answer by the deadline' : 'the holder answered'})`;
    case 'termination_due':
      return `an operator, to propose terminating service, or a supervisor to withdraw the report${overdueNote(s.fourEyes)}`;
    case 'termination_proposed': {
      const p = pendingProposal(s.fourEyes!);
      return `a second supervisor (not ${p?.by}, the opener or the reviewer who decided), to confirm or reject termination proposal ${p?.no}${overdueNote(s.fourEyes)}`;
    }
    default:
      return 'the closing measures';
  }
}


/** The reviewer who decided to terminate: four eyes keeps them from also confirming it. */
export function deciders(s: UnauthorisedTransferState): string[] {
  return s.decision ? [s.decision.by] : [];
}

/** The state without its event list: what updates return. */
export type UnauthorisedTransferSummary = Omit<UnauthorisedTransferState, 'events'>;
export function summary(s: UnauthorisedTransferState): UnauthorisedTransferSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
