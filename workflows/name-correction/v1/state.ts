import type { NameFinding } from '../../../rules/names';
import type { NameCorrectionNoticeKind } from '../../../mail/templates/name-correction';
import type { Roster } from '../../../rules/roles';
import type { Finding, ProposedProfile } from '../../../schemas/name-correction';

/**
 * A name-correction case is a list of events, each with its author; its state is derived from them
 * (`apply`). The workflow appends events; the query shows both.
 */

/** The policy terms a case runs under, fixed when it opens (so its history shows them). */
export interface NameCorrectionTerms {
  policyVersion: string;
  correctionWindowMs: number;
  remindBeforeMs: number[];
  maxExtensionMs: number;
  /** Submissions allowed in one case: bounds the history of a case that is spammed. */
  maxSubmissions: number;
}

export interface NameCorrectionInput {
  /** The reference quoted in notices and records, chosen by the opener (services/name-correction/open-case.ts). */
  caseRef: string;
  accountId: string;
  findings: Finding[];
  openedBy: string;
  terms: NameCorrectionTerms;
  /** The operator roster when the case opened (then with an `asOf` time, no longer read). */
  roster: { operators: Roster['operators'] };
}

export type Outcome = 'restored' | 'terminated' | 'withdrawn';
export type ClosureCause = 'approved' | 'refused' | 'deadline_passed' | 'withdrawn';
export type Stage = 'awaiting_correction' | 'checking' | 'under_review' | 'closing' | Outcome;

/** The account holder acts through the platform; their events carry this author. */
export const ACCOUNT_HOLDER = 'account-holder';
export const SYSTEM = 'system';

type EventBody =
  | { type: 'opened'; findings: Finding[]; deadline: string; terms: NameCorrectionTerms }
  | { type: 'service_suspended' }
  | { type: 'correction_submitted'; submissionNo: number; profile: ProposedProfile }
  | { type: 'correction_checked'; submissionNo: number; passed: boolean; findings: NameFinding[] }
  | { type: 'correction_reviewed'; submissionNo: number; decision: 'approve' | 'reject'; reason: string }
  | { type: 'deadline_extended'; from: string; to: string; reason: string }
  | { type: 'correction_refused'; statement?: string }
  | { type: 'case_withdrawn'; reason: string }
  | { type: 'reminder_sent' | 'reminder_skipped'; slot: string }
  | { type: 'deadline_passed'; deadline: string }
  | { type: 'notice_sent' | 'notice_failed'; kind: NoticeKind }
  | { type: 'profile_applied'; submissionNo: number }
  | { type: 'service_restored' }
  | { type: 'service_terminated' }
  | { type: 'name_reserved' }
  | { type: 'closed'; outcome: Outcome };

export type CaseEvent = EventBody & { seq: number; at: string; by: string };
export type NewEvent = EventBody & { by: string };

export type NoticeKind = NameCorrectionNoticeKind;

export interface Submission {
  no: number;
  at: string;
  profile: ProposedProfile;
  passed?: boolean;
  findings?: NameFinding[];
  review?: { decision: 'approve' | 'reject'; by: string; reason: string; at: string };
}

export interface CaseState {
  caseRef: string;
  accountId: string;
  openedAt: string;
  openedBy: string;
  findings: Finding[];
  terms: NameCorrectionTerms;
  stage: Stage;
  deadline: string;
  /** When the current deadline was set: reminders due before this moment are not sent. */
  deadlineSetAt: string;
  submissions: Submission[];
  /** Reminder slots (deadline|offset) already sent or skipped. */
  reminders: Record<string, 'sent' | 'skipped'>;
  /** Decided but not yet carried out: the closing measures run next. */
  closure?: { outcome: Outcome; cause: ClosureCause };
  events: CaseEvent[];
}

export function openCase(input: NameCorrectionInput, openedAt: string): CaseState {
  const deadline = new Date(Date.parse(openedAt) + input.terms.correctionWindowMs).toISOString();
  const state: CaseState = {
    caseRef: input.caseRef,
    accountId: input.accountId,
    openedAt,
    openedBy: input.openedBy,
    findings: input.findings,
    terms: input.terms,
    stage: 'awaiting_correction',
    deadline,
    deadlineSetAt: openedAt,
    submissions: [],
    reminders: {},
    events: [],
  };
  return apply(state, { type: 'opened', by: input.openedBy, findings: input.findings, deadline, terms: input.terms }, openedAt);
}

/** Appends the event and evolves the state by it (in place; returns the same state). */
export function apply(s: CaseState, e: NewEvent, at: string): CaseState {
  const event = { ...e, seq: s.events.length, at } as CaseEvent;
  s.events.push(event);
  switch (event.type) {
    case 'correction_submitted':
      s.submissions.push({ no: event.submissionNo, at, profile: event.profile });
      s.stage = 'checking';
      break;
    case 'correction_checked': {
      const sub = s.submissions.find((x) => x.no === event.submissionNo)!;
      sub.passed = event.passed;
      sub.findings = event.findings;
      // A case closed meanwhile (withdrawn while the check ran) stays closed.
      if (s.stage === 'checking') s.stage = event.passed ? 'under_review' : 'awaiting_correction';
      break;
    }
    case 'correction_reviewed': {
      const sub = s.submissions.find((x) => x.no === event.submissionNo)!;
      sub.review = { decision: event.decision, by: event.by, reason: event.reason, at };
      if (event.decision === 'approve') close(s, 'restored', 'approved');
      else s.stage = 'awaiting_correction';
      break;
    }
    case 'deadline_extended':
      s.deadline = event.to;
      s.deadlineSetAt = at;
      break;
    case 'correction_refused':
      close(s, 'terminated', 'refused');
      break;
    case 'case_withdrawn':
      close(s, 'withdrawn', 'withdrawn');
      break;
    case 'deadline_passed':
      close(s, 'terminated', 'deadline_passed');
      break;
    case 'reminder_sent':
    case 'reminder_skipped':
      s.reminders[event.slot] = event.type === 'reminder_sent' ? 'sent' : 'skipped';
      break;
    case 'closed':
      s.stage = event.outcome;
      break;
  }
  return s;
}

function close(s: CaseState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

export function isOpen(s: CaseState): boolean {
  return !s.closure;
}

export function currentSubmission(s: CaseState): Submission | undefined {
  return s.submissions[s.submissions.length - 1];
}

export interface ReminderSlot {
  slot: string;
  at: number;
}

/** Reminder slots of the current deadline not yet sent or skipped, earliest first. */
export function pendingReminders(s: CaseState): ReminderSlot[] {
  const deadline = Date.parse(s.deadline);
  const setAt = Date.parse(s.deadlineSetAt);
  return s.terms.remindBeforeMs
    .map((before) => ({ slot: `${s.deadline}|${before}`, at: deadline - before }))
    .filter((r) => r.at >= setAt && !s.reminders[r.slot])
    .sort((a, b) => a.at - b.at);
}

/**
 * When the workflow must next wake by itself: the next reminder slot, or the deadline while the
 * account holder is the one to act. While a correction is being checked or reviewed the deadline
 * waits: the user acted in time and is not terminated for the reviewer's delay.
 */
export function nextWakeAt(s: CaseState): number | undefined {
  const times = pendingReminders(s).map((r) => r.at);
  if (s.stage === 'awaiting_correction') times.push(Date.parse(s.deadline));
  return times.length ? Math.min(...times) : undefined;
}

/** The state without its event list: what updates return. */
export type CaseSummary = Omit<CaseState, 'events'>;
export function summary(s: CaseState): CaseSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
