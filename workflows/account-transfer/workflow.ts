import type { AccountTransferNoticeKind } from '../../mail/templates/account-transfer';
import {
  ConfirmApprovalUpdateSchema,
  ConfirmTransferSchema,
  ReviewTransferUpdateSchema,
  SupplyMaterialsSchema,
  WithdrawTransferSchema,
} from '../../schemas/account-transfer';
import type { ActionSeal } from '../../security/action-seal';
import { Case, type NoticeOptions, type ProcessDefinition } from '../case/case';
import { SYSTEM } from '../case/events';
import { secondPairRefusal } from '../case/four-eyes';
import { refuse } from '../case/guards';
import { now, nowIso } from '../clock';
import { ACCOUNT_TRANSFER, confirmApproval, holderConfirm, receiverConfirm, reviewTransfer, supplyMaterials, withdrawTransfer } from './messages';
import {
  awaiting,
  classify,
  deadlineRunning,
  evolve,
  initialState,
  lastCheck,
  remindWhom,
  summary,
  type AccountTransferEvent,
  type AccountTransferInput,
  type AccountTransferState,
  type Outcome,
  type Party,
} from './state';

const PROCESS: ProcessDefinition<AccountTransferState, AccountTransferEvent> = { ...ACCOUNT_TRANSFER, evolve, deadlineRunning, awaiting, remindWhom };

const MATERIALS = 'the receiving side supplies materials';
const CONFIRMATIONS = 'both parties confirm';
const NOTICE_PERIOD = 'notice period';
/** Stages in which the holder may still withdraw: everything before the subject changes. */
const BEFORE_CHANGE = ['checking', 'awaiting_materials', 'awaiting_confirmations', 'under_review', 'approval_pending', 'notice_period'] as const;

export interface AccountTransferResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
}

/**
 * Account transfer (Art. 11 ¶2): on the holder's application, the receiving side is verified as for a
 * registration → it supplies what the check asked for → both parties confirm → a reviewer approves and
 * a second person confirms (the change can't be undone) → followers are told and the notice period
 * runs → the subject changes, the change is published and both parties are told. The holder may
 * withdraw until then; a deadline that passes with a party still to act ends the case.
 */
export async function accountTransfer(input: AccountTransferInput, seal?: ActionSeal): Promise<AccountTransferResult> {
  const c = new Case<AccountTransferState, AccountTransferEvent, AccountTransferNoticeKind>(PROCESS, input, seal);
  const receiver: NoticeOptions = { toSubject: input.receiver?.subjectId };
  /** Both parties: the holder at the account's contact, the receiving side at its own. */
  const notifyBoth = async (kind: AccountTransferNoticeKind, step: string, context: Record<string, unknown>) => {
    await c.notify(kind, step, { ...context, party: 'holder' }, `notice to the holder: ${kind}`);
    await c.notify(kind, step, { ...context, party: 'receiver' }, `notice to the receiving side: ${kind}`, receiver);
  };

  /**
   * Runs the receiving side's eligibility check (services/eligibility.ts, in an activity) and starts the
   * wait it leads to. The first wait for materials keeps its deadline through later checks.
   */
  const checkReceiver = async () => {
    const checkNo = c.state.checks.length + 1;
    const { findings } = await c.call('checkTransferReceiver', `eligibility check ${checkNo} of the receiving side`, {
      accountId: input.accountId,
      receiverSubjectId: input.receiver.subjectId,
    });
    const outcome = classify(findings, c.state.supplies.length > 0);
    const e = c.emit({ type: 'receiver_checked', by: SYSTEM, checkNo, findings, outcome });
    const stage = c.state.stage;
    if (stage === 'awaiting_materials' && c.state.deadline?.purpose !== MATERIALS) c.setDeadline(now() + c.state.terms.materialsWindow, MATERIALS);
    if (stage === 'awaiting_confirmations') c.setDeadline(now() + c.state.terms.windowMs, CONFIRMATIONS);
    c.later(async () => {
      await c.record('check_transfer_receiver', `e${e.seq}`, { actor: SYSTEM, reason: `eligibility check ${checkNo}: ${outcome}`, evidence: { checkNo, findings, outcome } });
      if (stage === 'awaiting_materials' && checkNo === 1) await c.notify('materials_needed', `e${e.seq}`, { findings }, 'notice to the receiving side: materials needed', receiver);
      if (stage === 'awaiting_confirmations') await notifyBoth('confirm_requested', `e${e.seq}`, { findings });
    });
    return lastCheck(c.state)!;
  };

  c.action(supplyMaterials, {
    schema: SupplyMaterialsSchema,
    verb: 'supply materials',
    stages: ['awaiting_materials'],
    party: 'receiver',
    check: (_, s) => {
      if (now() >= Date.parse(s.deadline!.at)) refuse(`the deadline ${s.deadline!.at} for materials has passed`);
      if (s.supplies.length >= s.terms.maxSubmissions) refuse(`materials may be supplied at most ${s.terms.maxSubmissions} times in one case`);
    },
    accept: async (materials, by, via) => {
      const supplyNo = c.state.supplies.length + 1;
      const e = c.emit({ type: 'materials_supplied', by, ...(via ? { via } : {}), supplyNo, materials });
      c.later(() => c.record('supply_transfer_materials', `e${e.seq}`, { actor: by, reason: materials.note, evidence: { supplyNo, materials, ...(via ? { via } : {}) } }));
      return checkReceiver();
    },
  });

  const confirmAs = (party: Party) => ({
    schema: ConfirmTransferSchema,
    verb: `confirm as the ${party === 'holder' ? 'account holder' : 'receiving side'}`,
    stages: ['awaiting_confirmations'],
    party,
    check: (_: unknown, s: AccountTransferState) => {
      if (s.confirmations[party]) refuse(`the ${party === 'holder' ? 'account holder' : 'receiving side'} has confirmed already`);
      if (now() >= Date.parse(s.deadline!.at)) refuse(`the deadline ${s.deadline!.at} for confirmations has passed`);
    },
    accept: ({ statement }: { statement?: string }, by: string, via?: string) => {
      const e = c.emit({ type: 'party_confirmed', by, ...(via ? { via } : {}), party, ...(statement ? { statement } : {}) });
      c.later(() => c.record(`confirm_transfer_${party}`, `e${e.seq}`, { actor: by, reason: statement ?? `the ${party} confirmed the transfer`, evidence: { party, ...(via ? { via } : {}) } }));
      return summary(c.state);
    },
  });
  c.action(holderConfirm, confirmAs('holder'));
  c.action(receiverConfirm, confirmAs('receiver'));

  c.action(withdrawTransfer, {
    schema: WithdrawTransferSchema,
    verb: 'withdraw',
    stages: BEFORE_CHANGE,
    party: 'holder',
    accept: ({ reason }, by, via) => {
      const e = c.emit({ type: 'transfer_withdrawn', by, ...(via ? { via } : {}), ...(reason ? { reason } : {}) });
      c.later(() => c.record('withdraw_transfer', `e${e.seq}`, { actor: by, reason: reason ?? 'the account holder withdrew the application', evidence: { ...(via ? { via } : {}) } }));
      return summary(c.state);
    },
  });

  c.action(reviewTransfer, {
    schema: ReviewTransferUpdateSchema,
    verb: 'review',
    stages: ['under_review'],
    byOperator: true,
    check: (_, s, by) => {
      if (by === s.openedBy) refuse(`four eyes: "${by}" opened this case and may not review it`);
    },
    accept: (a, by) => {
      const e = c.emit({ type: 'transfer_reviewed', by, decision: a.decision, reason: a.reason });
      const findings = lastCheck(c.state)?.findings ?? [];
      c.later(() => c.record(a.decision === 'approve' ? 'approve_transfer' : 'reject_transfer', `e${e.seq}`, { actor: by, reason: a.reason, evidence: { findings } }));
      return summary(c.state);
    },
  });

  c.action(confirmApproval, {
    schema: ConfirmApprovalUpdateSchema,
    verb: 'confirm or reject the approval',
    stages: ['approval_pending'],
    byOperator: true,
    check: (a, s, by) => {
      const why = secondPairRefusal(by, { proposer: s.review!.by, openedBy: s.openedBy, deciders: [], verb: a.decision, what: 'the approval of this transfer' });
      if (why) refuse(why);
    },
    accept: (a, by) => {
      const e = c.emit({ type: 'approval_decided', by, decision: a.decision, reason: a.reason });
      const approvedBy = c.state.review!.by;
      if (a.decision === 'confirm') c.setDeadline(now() + c.state.terms.noticePeriod, NOTICE_PERIOD, { reminders: false });
      c.later(async () => {
        const action = a.decision === 'confirm' ? 'confirm_transfer_approval' : 'reject_transfer_approval';
        await c.record(action, `e${e.seq}`, { actor: by, reason: a.reason, evidence: { approvedBy } });
        if (a.decision !== 'confirm') return;
        // Followers are told before the change (Art. 11 ¶2 "公示"); then both parties.
        await publish('transfer_pending', `e${e.seq}`, by);
        await notifyBoth('approved', `e${e.seq}`, { effectiveAt: c.state.effectiveAt });
      });
      return summary(c.state);
    },
  });

  const publish = async (kind: 'transfer_pending' | 'transfer_cancelled' | 'subject_changed', step: string, actor: string) => {
    await c.call('publishNotice', `public notice: ${kind}`, {
      ...c.step(`${step}:public:${kind}`, actor, `public notice ${kind}`),
      kind,
      fromSubjectId: input.holderSubjectId,
      toSubjectId: input.receiver.subjectId,
      effectiveAt: c.state.effectiveAt ?? nowIso(),
    });
    c.emit({ type: 'public_notice_published', by: SYSTEM, kind });
  };

  // The case opens (the start's seal is checked first) and checks the receiving side.
  const s = await c.open((terms, openedAt) => initialState(input, terms, openedAt));
  c.emit({ type: 'opened', by: input.openedBy, ...(input.reason ? { reason: input.reason } : {}) });
  await c.record('open_transfer', 'opened', {
    actor: input.openedBy,
    reason: input.reason ?? 'the account holder applied to transfer the account',
    evidence: { holderSubjectId: input.holderSubjectId, receiver: input.receiver },
  });
  if (s.stage === 'checking') await checkReceiver();

  const { outcome, cause } = await c.run();

  // The closing steps of the outcome.
  const findings = lastCheck(s)?.findings ?? [];
  if (outcome === 'completed') {
    const actor = s.approval!.by;
    // The holder hears first, at the account's contact, while it is still theirs.
    await c.notify('completed', 'close:completed', { party: 'holder', effectiveAt: s.effectiveAt }, 'notice to the holder: completed');
    const changed = await c.call('changeAccountSubject', 'change the operating subject', {
      ...c.step('change-subject', actor, `transfer approved by ${s.review!.by}, confirmed by ${actor}; notice period ended`),
      fromSubjectId: input.holderSubjectId,
      toSubjectId: input.receiver.subjectId,
    });
    c.emit({ type: 'subject_changed', by: actor, from: input.holderSubjectId, to: input.receiver.subjectId, badgeKept: changed.badgeKept });
    await publish('subject_changed', 'close', actor);
    await c.notify('completed', 'close:completed', { party: 'receiver', effectiveAt: s.effectiveAt, badgeKept: changed.badgeKept }, 'notice to the receiving side: completed', receiver);
  } else {
    const reasons =
      cause === 'ineligible' ? findings.filter((f) => f.severity === 'refuse').map((f) => f.detail).join('；')
      : cause === 'rejected_by_reviewer' ? s.review!.reason
      : cause === 'approval_rejected' ? s.approval!.reason
      : cause === 'withdrawn' ? ((s.events.filter((e) => e.type === 'transfer_withdrawn').pop() as { reason?: string } | undefined)?.reason ?? '')
      : '';
    if (cause === 'ineligible') await c.record('reject_transfer_automatically', 'close', { actor: SYSTEM, reason: reasons, evidence: { findings } });
    if (cause === 'materials_deadline' || cause === 'confirmation_deadline') {
      await c.record('lapse_transfer', 'close', { actor: SYSTEM, reason: `the deadline ${s.deadline?.at} passed (${cause})`, evidence: { confirmations: s.confirmations } });
    }
    // A withdrawal after the pending notice was published is published too.
    if (cause === 'withdrawn' && s.events.some((e) => e.type === 'public_notice_published')) await publish('transfer_cancelled', 'close', SYSTEM);
    await notifyBoth(outcome, `close:${outcome}`, { cause, reasons });
  }
  await c.close(outcome);
  return { caseRef: s.caseRef, outcome, closedAt: nowIso() };
}
