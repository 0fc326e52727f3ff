import type { VoluntaryClosureNoticeKind } from '../../mail/templates/voluntary-closure';
import { CancelClosureSchema, ResumeSchema, StopClosureUpdateSchema } from '../../schemas/voluntary-closure';
import type { ActionSeal } from '../../security/action-seal';
import { Case, type ProcessDefinition } from '../case/case';
import { SYSTEM } from '../case/events';
import { nowIso } from '../clock';
import { cancelClosure, resume, stopClosure, VOLUNTARY_CLOSURE } from './messages';
import {
  awaiting,
  deadlineRunning,
  evolve,
  freezePeriodMs,
  initialState,
  summary,
  suspensionEnd,
  type Outcome,
  type VoluntaryClosureEvent,
  type VoluntaryClosureInput,
  type VoluntaryClosureState,
} from './state';

const PROCESS: ProcessDefinition<VoluntaryClosureState, VoluntaryClosureEvent> = { ...VOLUNTARY_CLOSURE, evolve, deadlineRunning, awaiting };
const ARTICLE_RESERVE = '第八条第三款';
const DAY_MS = 86_400_000;

export interface VoluntaryClosureResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
}

/**
 * The holder's own suspension or closure (Art. 11 ¶3 "申请暂停或者注销").
 * Suspend: updates are suspended ('suspend_updates': the holder pauses publishing; it is not the
 * sanction 'suspend_service', and the account's status stays active) until the holder's date, at most
 * the policy's window, or until they resume; then lifted.
 * Close: the account is frozen (updates suspended) for a period set by its follower count, during which
 * the holder may cancel or a supervisor stop it; then closed ('close_account') and its name reserved
 * (Art. 8 ¶3). Closing is the holder's own decision, not an operator's: no four eyes.
 */
export async function voluntaryClosure(input: VoluntaryClosureInput, seal?: ActionSeal): Promise<VoluntaryClosureResult> {
  const c = new Case<VoluntaryClosureState, VoluntaryClosureEvent, VoluntaryClosureNoticeKind>(PROCESS, input, seal);
  const holder = `holder:${input.accountId}`;

  c.action(resume, {
    schema: ResumeSchema,
    verb: 'resume',
    stages: ['suspended'],
    party: 'holder',
    accept: ({ reason }, by, via) => {
      c.emit({ type: 'resumed', by, ...(via ? { via } : {}), ...(reason ? { reason } : {}) });
      return summary(c.state);
    },
  });

  c.action(cancelClosure, {
    schema: CancelClosureSchema,
    verb: 'cancel the closure',
    stages: ['freezing'],
    party: 'holder',
    accept: ({ reason }, by, via) => {
      c.emit({ type: 'closure_cancelled', by, ...(via ? { via } : {}), ...(reason ? { reason } : {}) });
      return summary(c.state);
    },
  });

  c.action(stopClosure, {
    schema: StopClosureUpdateSchema,
    verb: 'stop the closure',
    stages: ['freezing'],
    byOperator: true,
    accept: (a, by) => {
      c.emit({ type: 'closure_stopped', by, reason: a.reason });
      return summary(c.state);
    },
  });

  // The application: its wait begins, and updates are suspended (a suspension, or a closure's freeze).
  const s = await c.open((terms, openedAt) => initialState(input, terms, openedAt));
  const applied = { request: input.request, followers: input.followers, ...(input.until ? { until: input.until } : {}), ...(input.reason ? { reason: input.reason } : {}) };
  c.emit({ type: 'opened', by: holder, via: input.openedBy, ...applied, terms: s.terms });
  const why = input.reason ?? (input.request === 'suspend' ? 'the holder applied to suspend the account' : 'the holder applied to close the account');
  const evidence = { ...applied, via: input.openedBy };
  let freezeDays: number | undefined;
  if (input.request === 'suspend') {
    c.setDeadline(suspensionEnd(s.openedAt, s.terms.windowMs, input.until), 'the suspension ends', { reminders: false });
    await c.impose('suspend_updates', 'suspend', { actor: holder, reason: why, evidence });
    await c.notify('suspended', 'opened', { untilGiven: input.until !== undefined }, 'notice: updates suspended on application');
  } else {
    const period = freezePeriodMs(s.terms.freeze ?? [], input.followers);
    freezeDays = Math.round(period / DAY_MS);
    c.setDeadline(Date.parse(s.openedAt) + period, 'the closure freeze ends');
    await c.impose('suspend_updates', 'freeze', { actor: holder, reason: why, evidence: { ...evidence, freezeDays } });
    await c.notify('closure_applied', 'opened', { freezeDays }, 'notice: closure applied for, freeze begins');
  }

  const decided = await c.run();

  // A sanction opened during the freeze (its case imposed a measure) holds the closure: closing must not dodge it.
  if (decided.outcome === 'closed') {
    const measures = await c.call('measuresOfOtherCases', 'measures of other cases in force', { accountId: s.accountId, caseRef: s.caseRef });
    if (measures.length) {
      const reason = `账号存在其他案件的处置措施，注销中止：${measures.map((m) => `${m.kind}（${m.caseRef ?? '无案件编号'}）`).join('、')}`;
      c.emit({ type: 'closure_held', by: SYSTEM, reason, measures });
    }
  }
  const { outcome, cause } = s.closure!;

  // The holder's resume or cancel, the supervisor's stop, or the hold, that decided the case (none when a wait ran out).
  const last = s.events.filter((e) => e.type === 'resumed' || e.type === 'closure_cancelled' || e.type === 'closure_stopped' || e.type === 'closure_held').pop() as {
    by: string;
    reason?: string;
  };
  if (outcome === 'closed') {
    // The holder's decision, carried out when the freeze ends.
    await c.impose('close_account', 'close', { actor: holder, reason: why, evidence: { ...evidence, freezeDays } });
    await c.call('reserveAccountName', 'reserve the name for good (Art. 8 ¶3)', { ...c.step('reserve-name', holder, 'the account was closed on its holder\'s application'), article: ARTICLE_RESERVE });
    c.emit({ type: 'name_reserved', by: holder });
    await c.notify('closed', 'close:closed', {}, 'notice: account closed');
  } else if (outcome === 'resumed') {
    const byHolder = cause === 'resumed_by_holder';
    const actor = byHolder ? last.by : SYSTEM;
    await c.lift(['suspend_updates'], 'resume_updates', 'resume', { actor, reason: byHolder ? (last.reason ?? 'the holder resumed') : 'the suspension ended' });
    await c.notify('resumed', 'close:resumed', { resumedBy: byHolder ? 'holder' : 'end_date' }, 'notice: updates resumed');
  } else {
    // Cancelled by the holder, or stopped by a supervisor: the freeze is lifted and the account goes on.
    const action = outcome === 'cancelled' ? 'cancel_closure' : 'stop_closure';
    const reason = last.reason ?? 'the holder cancelled the closure';
    await c.lift(['suspend_updates'], action, 'unfreeze', { actor: last.by, reason });
    await c.notify(outcome, `close:${outcome}`, outcome === 'stopped' ? { reason } : {}, `notice: closure ${outcome}`);
  }
  await c.close(outcome);
  return { caseRef: s.caseRef, outcome, closedAt: nowIso() };
}
