import type { NameFinding } from '../../rules/names';
import type { Finding, ProposedProfile } from '../../schemas/name-correction';
import type { CaseState } from '../case/case';
import { newDeadline } from '../case/deadline';
import type { Stamped, KernelEvent } from '../case/events';
import { DEFAULT_CONFIRM_WITHIN_MS, newFourEyes, overdueNote, pendingProposal, terminationDue } from '../case/four-eyes';
import type { CaseInput, CaseTerms } from '../case/process';

/**
 * A name-correction case is a list of events, each with its author; its state is derived from them by
 * `evolve` (pure, tested in test/unit/name-correction-state.test.ts). Deadlines, reminders and closing
 * are the case layer's events (workflows/case/events.ts); these are the process's own.
 */

export interface NameCorrectionInput extends CaseInput {
  findings: Finding[];
}

export type Outcome = 'restored' | 'terminated' | 'withdrawn';
export type ClosureCause = 'approved' | 'refused' | 'deadline_passed' | 'withdrawn';
/** termination_due / termination_proposed: four eyes, before service is terminated (workflows/case/four-eyes.ts). */
export type Stage = 'awaiting_correction' | 'checking' | 'under_review' | 'termination_due' | 'termination_proposed' | 'closing' | Outcome;

export type NameCorrectionEvent =
  | { type: 'opened'; findings: Finding[]; deadline: string; terms: CaseTerms }
  | { type: 'correction_submitted'; submissionNo: number; profile: ProposedProfile }
  | { type: 'correction_checked'; submissionNo: number; passed: boolean; findings: NameFinding[] }
  | { type: 'correction_reviewed'; submissionNo: number; decision: 'approve' | 'reject'; reason: string }
  | { type: 'correction_refused'; statement?: string }
  | { type: 'case_withdrawn'; reason: string }
  | { type: 'profile_applied'; submissionNo: number }
  | { type: 'name_reserved' };

export interface Submission {
  no: number;
  at: string;
  profile: ProposedProfile;
  passed?: boolean;
  findings?: NameFinding[];
  review?: { decision: 'approve' | 'reject'; by: string; reason: string; at: string };
}

export interface NameCorrectionState extends CaseState<NameCorrectionEvent> {
  stage: Stage;
  findings: Finding[];
  submissions: Submission[];
  closure?: { outcome: Outcome; cause: ClosureCause };
}

export function initialState(input: NameCorrectionInput, terms: CaseTerms, openedAt: string, opts: { fourEyes?: boolean } = {}): NameCorrectionState {
  return {
    kind: 'name-correction',
    caseRef: input.caseRef,
    accountId: input.accountId,
    openedAt,
    openedBy: input.openedBy,
    stage: 'awaiting_correction',
    terms,
    deadline: newDeadline(openedAt, terms.windowMs),
    findings: input.findings,
    submissions: [],
    ...(opts.fourEyes ? { fourEyes: newFourEyes() } : {}),
    events: [],
  };
}

/** Evolves the state by one of the process's events (in place). */
export function evolve(s: NameCorrectionState, e: Stamped<NameCorrectionEvent | KernelEvent>): void {
  switch (e.type) {
    case 'correction_submitted':
      s.submissions.push({ no: e.submissionNo, at: e.at, profile: e.profile });
      s.stage = 'checking';
      break;
    case 'correction_checked': {
      const sub = s.submissions.find((x) => x.no === e.submissionNo)!;
      sub.passed = e.passed;
      sub.findings = e.findings;
      // A case closed meanwhile (withdrawn while the check ran) stays closed.
      if (s.stage === 'checking') s.stage = e.passed ? 'under_review' : 'awaiting_correction';
      break;
    }
    case 'correction_reviewed': {
      const sub = s.submissions.find((x) => x.no === e.submissionNo)!;
      sub.review = { decision: e.decision, by: e.by, reason: e.reason, at: e.at };
      // A rejection after the deadline hands the case back to a deadline that has passed: it ends.
      if (e.decision === 'approve') decide(s, 'restored', 'approved');
      else s.stage = 'awaiting_correction';
      break;
    }
    case 'correction_refused':
      terminate(s, 'refused', e.at);
      break;
    case 'case_withdrawn':
      decide(s, 'withdrawn', 'withdrawn');
      break;
    case 'deadline_passed':
      terminate(s, 'deadline_passed', e.at);
      break;
    case 'termination_proposed':
      s.stage = 'termination_proposed';
      break;
    case 'termination_rejected':
      s.stage = 'termination_due';
      break;
    case 'termination_confirmed': {
      const p = s.fourEyes?.proposals.find((x) => x.no === e.proposalNo);
      decide(s, 'terminated', (p?.cause ?? 'deadline_passed') as ClosureCause);
      break;
    }
  }
}

/** Service is to be terminated: at once in cases before four eyes; otherwise once a second supervisor confirms. */
function terminate(s: NameCorrectionState, cause: ClosureCause, at: string): void {
  if (!s.fourEyes) return decide(s, 'terminated', cause);
  terminationDue(s.fourEyes, cause, at, s.terms.confirmWithinMs ?? DEFAULT_CONFIRM_WITHIN_MS);
  s.stage = 'termination_due';
}

function decide(s: NameCorrectionState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

/** While the account holder is the one to act, the deadline runs; a correction under review pauses it. */
export function deadlineRunning(s: NameCorrectionState): boolean {
  return s.stage === 'awaiting_correction';
}

export function awaiting(s: NameCorrectionState): string {
  switch (s.stage) {
    case 'awaiting_correction':
      return 'the account holder, to submit a correction or refuse';
    case 'checking':
      return 'the automatic checks of the correction';
    case 'under_review':
      return `a reviewer, to approve or reject correction ${currentSubmission(s)?.no}`;
    case 'termination_due':
      return `an operator, to propose terminating service (${s.fourEyes?.due?.cause}), or a supervisor to withdraw the case${overdueNote(s.fourEyes)}`;
    case 'termination_proposed': {
      const p = pendingProposal(s.fourEyes!);
      return `a second supervisor (not ${p?.by}, the opener or a reviewer of this case), to confirm or reject termination proposal ${p?.no}${overdueNote(s.fourEyes)}`;
    }
    default:
      return 'the closing measures';
  }
}


/** Operators who decided the case (reviewed a correction): four eyes keeps them from confirming its termination. */
export function deciders(s: NameCorrectionState): string[] {
  return s.submissions.flatMap((x) => (x.review ? [x.review.by] : []));
}

export function currentSubmission(s: NameCorrectionState): Submission | undefined {
  return s.submissions[s.submissions.length - 1];
}

/** The state without its event list: what updates return. */
export type NameCorrectionSummary = Omit<NameCorrectionState, 'events'>;
export function summary(s: NameCorrectionState): NameCorrectionSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
