import type { SupplyMaterials, TransferFinding } from '../../schemas/account-transfer';
import type { CaseState } from '../case/case';
import type { KernelEvent, Stamped } from '../case/events';
import type { CaseInput, CaseTerms } from '../case/process';

/**
 * An account-transfer case as a list of events (pure; tested in test/unit/account-transfer-state.test.ts).
 * The stages, in order: the receiving side is checked → it supplies materials if the check asked for
 * any → both parties confirm → a reviewer approves and a second person confirms (four eyes) → the
 * notice period runs → the subject changes. Deadlines and reminders are the case layer's.
 */

export type SubjectKind = 'individual' | 'organisation';

/** Ids and masked forms only: the receiving side's numbers stay in the store (services/subjects.ts). */
export interface AccountTransferInput extends CaseInput {
  holderSubjectId: string;
  receiver: { subjectId: string; kind: SubjectKind; numberMasked: string; phoneMasked: string; verified: boolean };
  reason?: string;
}

/** The transfer's own terms (policy section accountTransfer), besides the shared ones: windowMs is the confirmation window. */
export interface AccountTransferTerms extends CaseTerms {
  materialsWindow: number;
  noticePeriod: number;
}

export type Outcome = 'completed' | 'rejected' | 'withdrawn' | 'lapsed';
export type ClosureCause = 'notice_period_ended' | 'ineligible' | 'rejected_by_reviewer' | 'approval_rejected' | 'withdrawn' | 'materials_deadline' | 'confirmation_deadline';
export type Stage = 'checking' | 'awaiting_materials' | 'awaiting_confirmations' | 'under_review' | 'approval_pending' | 'notice_period' | 'closing' | Outcome;
export type Party = 'holder' | 'receiver';

/** What a check concluded: go on, wait for the receiving side's materials, or refuse. */
export type CheckOutcome = 'eligible' | 'needs_materials' | 'ineligible';

export type AccountTransferEvent =
  | { type: 'opened'; reason?: string }
  | { type: 'receiver_checked'; checkNo: number; findings: TransferFinding[]; outcome: CheckOutcome }
  | { type: 'materials_supplied'; supplyNo: number; materials: SupplyMaterials }
  | { type: 'party_confirmed'; party: Party; statement?: string }
  | { type: 'transfer_reviewed'; decision: 'approve' | 'reject'; reason: string }
  | { type: 'approval_decided'; decision: 'confirm' | 'reject'; reason: string }
  | { type: 'transfer_withdrawn'; reason?: string }
  | { type: 'public_notice_published'; kind: string }
  | { type: 'subject_changed'; from: string; to: string; badgeKept: boolean };

export interface ReceiverCheck {
  checkNo: number;
  at: string;
  findings: TransferFinding[];
  outcome: CheckOutcome;
}

export interface AccountTransferState extends CaseState<AccountTransferEvent> {
  stage: Stage;
  terms: AccountTransferTerms;
  holderSubjectId: string;
  receiver: AccountTransferInput['receiver'];
  checks: ReceiverCheck[];
  supplies: { no: number; at: string; by: string; materials: SupplyMaterials }[];
  confirmations: Partial<Record<Party, { at: string; by: string; via?: string }>>;
  review?: { decision: 'approve' | 'reject'; by: string; reason: string; at: string };
  approval?: { decision: 'confirm' | 'reject'; by: string; reason: string; at: string };
  /** When the subject changes: the end of the notice period, once the approval is confirmed. */
  effectiveAt?: string;
  closure?: { outcome: Outcome; cause: ClosureCause };
}

/** Rules whose finding the receiving side can cure by supplying something (a qualification; proof for its name). */
const CURABLE = new Set(['qualification', 'name_identity']);

/**
 * What a check's findings mean. A refusal the receiving side cannot cure (identity, blacklist, quota,
 * credit, a reserved name) rejects the transfer. A missing qualification waits for materials; so does a
 * name that does not match the receiver's identity, until materials have been supplied once (then the
 * reviewer weighs them). Other review findings go to the reviewer.
 */
export function classify(findings: readonly TransferFinding[], supplied: boolean): CheckOutcome {
  if (findings.some((f) => f.severity === 'refuse' && !CURABLE.has(f.rule))) return 'ineligible';
  if (findings.some((f) => f.rule === 'qualification' && f.severity === 'refuse')) return 'needs_materials';
  if (!supplied && findings.some((f) => f.rule === 'name_identity')) return 'needs_materials';
  return 'eligible';
}

export function initialState(input: AccountTransferInput, terms: CaseTerms, openedAt: string): AccountTransferState {
  return {
    kind: 'account-transfer',
    caseRef: input.caseRef,
    accountId: input.accountId,
    openedAt,
    openedBy: input.openedBy,
    stage: 'checking',
    terms: terms as AccountTransferTerms,
    holderSubjectId: input.holderSubjectId,
    receiver: input.receiver,
    checks: [],
    supplies: [],
    confirmations: {},
    events: [],
  };
}

/** Evolves the state by one of the process's events (in place). */
export function evolve(s: AccountTransferState, e: Stamped<AccountTransferEvent | KernelEvent>): void {
  switch (e.type) {
    case 'receiver_checked':
      s.checks.push({ checkNo: e.checkNo, at: e.at, findings: e.findings, outcome: e.outcome });
      // A case withdrawn while the check ran stays withdrawn.
      if (s.stage !== 'checking') break;
      if (e.outcome === 'ineligible') decide(s, 'rejected', 'ineligible');
      else s.stage = e.outcome === 'needs_materials' ? 'awaiting_materials' : 'awaiting_confirmations';
      break;
    case 'materials_supplied':
      s.supplies.push({ no: e.supplyNo, at: e.at, by: e.by, materials: e.materials });
      s.stage = 'checking';
      break;
    case 'party_confirmed':
      s.confirmations[e.party] = { at: e.at, by: e.by, ...(e.via ? { via: e.via } : {}) };
      if (s.confirmations.holder && s.confirmations.receiver) s.stage = 'under_review';
      break;
    case 'transfer_reviewed':
      s.review = { decision: e.decision, by: e.by, reason: e.reason, at: e.at };
      if (e.decision === 'approve') s.stage = 'approval_pending';
      else decide(s, 'rejected', 'rejected_by_reviewer');
      break;
    case 'approval_decided':
      s.approval = { decision: e.decision, by: e.by, reason: e.reason, at: e.at };
      if (e.decision === 'confirm') s.stage = 'notice_period';
      else decide(s, 'rejected', 'approval_rejected');
      break;
    case 'deadline_set':
      if (s.stage === 'notice_period') s.effectiveAt = e.to;
      break;
    case 'transfer_withdrawn':
      decide(s, 'withdrawn', 'withdrawn');
      break;
    case 'deadline_passed':
      if (s.stage === 'awaiting_materials') decide(s, 'lapsed', 'materials_deadline');
      else if (s.stage === 'awaiting_confirmations') decide(s, 'lapsed', 'confirmation_deadline');
      else if (s.stage === 'notice_period') decide(s, 'completed', 'notice_period_ended');
      break;
  }
}

function decide(s: AccountTransferState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

/** The deadline runs while a party must act, and through the notice period (whose end is the change). */
export function deadlineRunning(s: AccountTransferState): boolean {
  return s.stage === 'awaiting_materials' || s.stage === 'awaiting_confirmations' || s.stage === 'notice_period';
}

const unconfirmed = (s: AccountTransferState): Party[] => (['holder', 'receiver'] as const).filter((p) => !s.confirmations[p]);
const PARTY_LABEL: Record<Party, string> = { holder: 'the account holder', receiver: 'the receiving side' };

/** Who must act now, for the UI's work queue. Ids only. */
export function awaiting(s: AccountTransferState): string {
  switch (s.stage) {
    case 'checking':
      return 'the automatic eligibility check of the receiving side';
    case 'awaiting_materials': {
      const rules = [...new Set(lastCheck(s)?.findings.filter((f) => CURABLE.has(f.rule)).map((f) => f.rule))].join(', ');
      return `the receiving side (receiver:${s.accountId}), to supply materials (${rules})`;
    }
    case 'awaiting_confirmations':
      return `${unconfirmed(s).map((p) => `${PARTY_LABEL[p]} (${p}:${s.accountId})`).join(' and ')}, to confirm`;
    case 'under_review':
      return `a reviewer, to approve or reject the transfer (${lastCheck(s)?.findings.length ?? 0} findings to weigh)`;
    case 'approval_pending':
      return `a second person (a supervisor, not ${s.review?.by} nor the opener ${s.openedBy}), to confirm or reject the approval`;
    case 'notice_period':
      return `nobody: the notice period runs until ${s.effectiveAt}, then the subject changes (the holder may still withdraw)`;
    default:
      return 'the closing steps';
  }
}

/** Reminders go to whoever still has to act: the receiving side for materials, each unconfirmed party. */
export function remindWhom(s: AccountTransferState): { toSubject?: string }[] {
  if (s.stage === 'awaiting_materials') return [{ toSubject: s.receiver.subjectId }];
  if (s.stage === 'awaiting_confirmations') return unconfirmed(s).map((p) => (p === 'holder' ? {} : { toSubject: s.receiver.subjectId }));
  return [];
}

export function lastCheck(s: AccountTransferState): ReceiverCheck | undefined {
  return s.checks[s.checks.length - 1];
}

/** The state without its event list: what updates return. */
export type AccountTransferSummary = Omit<AccountTransferState, 'events'>;
export function summary(s: AccountTransferState): AccountTransferSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
