import type { OpenRegistration, RegistrationFinding } from '../../schemas/registration';
import type { CaseState } from '../case/case';
import type { KernelEvent, Stamped } from '../case/events';
import type { CaseInput, CaseTerms } from '../case/process';

/**
 * A registration held for review is a list of events; its state is derived by `evolve` (pure, tested in
 * test/unit/registration-state.test.ts). The application carries ids, the name and the category only:
 * the subject's identity numbers stay in the identity store, its address in the subjects table.
 */

/** What the case opens with (services/registration.ts builds it after the checks). */
export type RegistrationInput = CaseInput & Omit<OpenRegistration, 'accountId'>;
/** The account as it will be registered on approval. */
export type Application = Omit<RegistrationInput, keyof CaseInput | 'findings'>;

export type Outcome = 'registered' | 'rejected' | 'withdrawn';
/** `no_longer_eligible`: approved, but a check at registration refused it (the quota filled meanwhile, say). */
export type ClosureCause = 'approved' | 'rejected' | 'withdrawn' | 'no_longer_eligible';
export type Stage = 'under_review' | 'closing' | Outcome;

export type RegistrationEvent =
  | { type: 'opened'; application: Application; findings: RegistrationFinding[]; deadline: string; terms: CaseTerms }
  | { type: 'registration_reviewed'; decision: 'approve' | 'reject'; reason: string }
  | { type: 'registration_withdrawn'; statement?: string }
  | { type: 'review_escalated'; deadline: string }
  | { type: 'account_registered' }
  | { type: 'registration_refused_at_approval'; findings: RegistrationFinding[] };

export interface RegistrationState extends CaseState<RegistrationEvent> {
  stage: Stage;
  application: Application;
  findings: RegistrationFinding[];
  review?: { decision: 'approve' | 'reject'; by: string; reason: string; at: string };
  /** The review's deadline passed: escalated once, and the case goes on waiting for a reviewer. */
  overdue?: { since: string; escalated: boolean };
  closure?: { outcome: Outcome; cause: ClosureCause };
}

export function initialState(input: RegistrationInput, terms: CaseTerms, openedAt: string): RegistrationState {
  const { caseRef, accountId, openedBy, findings, ...application } = input;
  return { kind: 'registration', caseRef, accountId, openedAt, openedBy, stage: 'under_review', terms, application, findings, events: [] };
}

/** Evolves the state by one of the process's events (in place). */
export function evolve(s: RegistrationState, e: Stamped<RegistrationEvent | KernelEvent>): void {
  switch (e.type) {
    case 'registration_reviewed':
      s.review = { decision: e.decision, by: e.by, reason: e.reason, at: e.at };
      decide(s, e.decision === 'approve' ? 'registered' : 'rejected', e.decision === 'approve' ? 'approved' : 'rejected');
      break;
    case 'registration_withdrawn':
      decide(s, 'withdrawn', 'withdrawn');
      break;
    case 'deadline_passed':
      // Nobody's application is refused because the platform was slow: the wait is escalated instead.
      if (s.stage === 'under_review' && !s.overdue) s.overdue = { since: e.deadline, escalated: false };
      break;
    case 'review_escalated':
      if (s.overdue) s.overdue.escalated = true;
      break;
    case 'registration_refused_at_approval':
      s.closure = { outcome: 'rejected', cause: 'no_longer_eligible' };
      break;
  }
}

function decide(s: RegistrationState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

/** The review's deadline runs until it passes once; after that the case waits, escalated, without one. */
export function deadlineRunning(s: RegistrationState): boolean {
  return s.stage === 'under_review' && !s.overdue;
}

export function awaiting(s: RegistrationState): string {
  if (s.stage !== 'under_review') return 'the closing steps';
  const rules = [...new Set(s.findings.map((f) => f.rule))].join(', ');
  const late = s.overdue ? ` (OVERDUE since ${s.overdue.since}${s.overdue.escalated ? ': escalated' : ''})` : '';
  return `a reviewer, to approve or reject the registration (${rules}), or the applicant to withdraw${late}`;
}

/** The state without its event list: what updates return. */
export type RegistrationSummary = Omit<RegistrationState, 'events'>;
export function summary(s: RegistrationState): RegistrationSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
