import type { UnauthorisedTransferNoticeKind } from '../../mail/templates/unauthorised-transfer';
import { DecideReportUpdateSchema, RespondSchema, WithdrawReportUpdateSchema } from '../../schemas/unauthorised-transfer';
import type { ActionSeal } from '../../security/action-seal';
import { Case, type ProcessDefinition } from '../case/case';
import { refuse } from '../case/guards';
import { confirmedTermination, declareTermination } from '../case/termination';
import { nowIso } from '../clock';
import {
  confirmTermination,
  decideReport,
  proposeTermination,
  rejectTermination,
  respond,
  UNAUTHORISED_TRANSFER,
  withdrawReport,
} from './messages';
import {
  awaiting,
  deadlineRunning,
  deciders,
  evolve,
  initialState,
  summary,
  type Outcome,
  type UnauthorisedTransferEvent,
  type UnauthorisedTransferInput,
  type UnauthorisedTransferState,
} from './state';

const PROCESS: ProcessDefinition<UnauthorisedTransferState, UnauthorisedTransferEvent> = { ...UNAUTHORISED_TRANSFER, evolve, deadlineRunning, awaiting };
const ARTICLE_RESERVE = '第八条第三款';

export interface UnauthorisedTransferResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
}

/**
 * Unauthorised transfer (Art. 11 ¶2 "擅自转让的，暂停或者终止"): a platform service reports an account
 * that changed hands without approval → service is suspended → the holder is told and may answer by a
 * deadline (reminders) → a reviewer restores service, or decides to terminate it, which one operator
 * proposes and a second supervisor confirms (four eyes) → service terminated and the name reserved.
 * A supervisor may withdraw a false report at any point before the end: the suspension is lifted.
 */
export async function unauthorisedTransfer(input: UnauthorisedTransferInput, seal?: ActionSeal): Promise<UnauthorisedTransferResult> {
  const c = new Case<UnauthorisedTransferState, UnauthorisedTransferEvent, UnauthorisedTransferNoticeKind>(PROCESS, input, seal);
  const deadline = () => c.state.deadline!.at;

  c.action(respond, {
    schema: RespondSchema,
    verb: 'answer the report',
    stages: ['awaiting_response'],
    party: 'holder',
    accept: ({ statement }, by, via) => {
      const e = c.emit({ type: 'holder_responded', by, ...(via ? { via } : {}), statement });
      c.later(() => c.record('holder_response', `e${e.seq}`, { actor: by, reason: statement, ...(via ? { evidence: { via } } : {}) }));
      return summary(c.state);
    },
  });

  c.action(decideReport, {
    schema: DecideReportUpdateSchema,
    verb: 'decide',
    stages: ['under_review'],
    byOperator: true,
    check: (_, s, by) => {
      // Four eyes: whoever reported the account does not also decide on the report.
      if (by === s.openedBy) refuse(`four eyes: "${by}" opened this case and may not decide it`);
    },
    accept: (a, by) => {
      const e = c.emit({ type: 'report_decided', by, decision: a.decision, reason: a.reason });
      const action = a.decision === 'restore' ? 'decide_restore' : 'decide_termination';
      c.later(() => c.record(action, `e${e.seq}`, { actor: by, reason: a.reason, evidence: { answered: !c.state.unanswered } }));
      return summary(c.state);
    },
  });

  c.action(withdrawReport, {
    schema: WithdrawReportUpdateSchema,
    verb: 'withdraw',
    stages: ['awaiting_response', 'under_review', 'termination_due', 'termination_proposed'],
    byOperator: true,
    accept: (a, by) => {
      const e = c.emit({ type: 'report_withdrawn', by, reason: a.reason });
      c.later(() => c.record('withdraw_case', `e${e.seq}`, { actor: by, reason: a.reason }));
      return summary(c.state);
    },
  });

  // Terminating service can't be undone: one operator proposes, a second supervisor confirms.
  declareTermination(c, { propose: proposeTermination, confirm: confirmTermination, reject: rejectTermination }, {
    deciders,
    decidedAs: 'decided to terminate',
    answer: summary,
  });

  // The case opens: service is suspended, and the holder told why and by when to answer.
  const s = await c.open((terms, openedAt) => initialState(input, terms, openedAt));
  c.emit({ type: 'opened', by: input.openedBy, evidence: input.evidence, deadline: deadline(), terms: s.terms });
  await c.impose('suspend_service', 'suspend', { actor: input.openedBy, reason: 'reported as transferred without approval', evidence: { report: input.evidence } });
  await c.notify('opened', 'opened', {}, 'notice: service suspended, answer by the deadline');

  const { outcome } = await c.run();

  let reason: string | undefined;
  if (outcome === 'restored') {
    const d = s.decision!;
    reason = d.reason;
    await c.lift(['suspend_service'], 'restore_service', 'restore', { actor: d.by, reason: d.reason });
  } else if (outcome === 'withdrawn') {
    const w = s.events.filter((e) => e.type === 'report_withdrawn').pop() as { by: string; reason: string };
    reason = w.reason;
    await c.lift(['suspend_service'], 'restore_service', 'restore', { actor: w.by, reason: 'report withdrawn as false' });
  } else {
    // Four eyes: the measure is the confirming supervisor's, on the proposer's proposal.
    const confirmed = confirmedTermination(s)!;
    const why = 'the account was transferred without an approved application';
    await c.impose('terminate_service', 'terminate', { actor: confirmed.actor, reason: why, evidence: confirmed.evidence });
    await c.call('reserveAccountName', 'reserve the name for good (Art. 8 ¶3)', { ...c.step('reserve-name', confirmed.actor, why), article: ARTICLE_RESERVE });
    c.emit({ type: 'name_reserved', by: confirmed.actor });
  }
  await c.notify(outcome, `close:${outcome}`, reason ? { reason } : {}, `notice: case closed, ${outcome}`);
  await c.close(outcome);
  return { caseRef: s.caseRef, outcome, closedAt: nowIso() };
}
