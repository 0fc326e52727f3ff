import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { ZodSafeParseResult } from 'zod';
import type { Activities } from '../../../activities';
import { NOTICE_UNDELIVERABLE } from '../../failure-types';
import { refusalFor, type Roster } from '../../../rules/roles';
import { formatIssues } from '../../../schemas/errors';
import { RefuseCorrectionSchema, SubmitCorrectionSchema } from '../../../schemas/name-correction';
import { ExtendDeadlineSchema, ReviewCorrectionSchema, WithdrawCaseSchema } from './schemas';
import { now, nowIso } from '../../clock';
import { AccountId, CaseKind, CaseRef, CaseStage, DeadlineAt } from '../../search-attributes';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { rosterChanged } from '../../case/case';
import { NAME_CORRECTION } from '../messages';
import {
  ACCOUNT_HOLDER,
  SYSTEM,
  apply,
  currentSubmission,
  isOpen,
  nextWakeAt,
  openCase,
  pendingReminders,
  summary,
  type CaseEvent,
  type CaseState,
  type NameCorrectionInput,
  type NewEvent,
  type NoticeKind,
  type Outcome,
} from './state';

/**
 * FROZEN: name correction as it ran before the case layer (workflows/case/). Cases opened before it
 * finish on this code, so that their histories replay (test/replay/). Change nothing that alters the
 * commands it issues; delete it, with its `patched('case-layer')` branch, once no such case is open.
 * Since then: roster signals no longer carry a roster (a forged one was accepted), so these cases keep
 * the roster they opened with.
 */
const CASE_KIND = 'name-correction';
const getCase = defineQuery<CaseState>('getCase');
const submitCorrection = defineUpdate<unknown, [unknown]>('submitCorrection');
const refuseCorrection = defineUpdate<unknown, [unknown]>('refuseCorrection');
const reviewCorrection = defineUpdate<unknown, [unknown]>('reviewCorrection');
const extendDeadline = defineUpdate<unknown, [unknown]>('extendDeadline');
const withdrawCase = defineUpdate<unknown, [unknown]>('withdrawCase');
type NoticeInput = { idempotencyKey: string; kind: NoticeKind; caseRef: string; accountId: string; deadline: string; findings?: unknown; reason?: string; previousDeadline?: string; submissionNo?: number; cause?: string };
const ARTICLE = '第八条第二款';
const ARTICLE_RESERVE = '第八条第三款';


// Store and SMTP outages are waited out: activities retry without limit, backing off to a minute.
const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
// Workers heartbeat every running activity (workers/heartbeat.ts): an attempt lost with its worker is
// retried after the heartbeat timeout, not after the whole start-to-close timeout.
const HEARTBEAT_TIMEOUT = '10 seconds';
const acts = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', heartbeatTimeout: HEARTBEAT_TIMEOUT, retry: RETRY });
// Longer than the mailer's own timeouts added up (mail/mailer.ts), so that an attempt still talking to
// a slow relay is never overtaken by a retry that would send the notice a second time.
const mail = proxyActivities<{ sendNotice(n: NoticeInput): Promise<unknown> }>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: HEARTBEAT_TIMEOUT,
  retry: RETRY,
});

interface NameCorrectionResult {
  caseRef: string;
  outcome: Outcome;
  closedAt: string;
  submissions: number;
}

/**
 * Name correction (Art. 8 ¶2–3): suspend → notify with a deadline → reminders → corrections checked and
 * reviewed → restore on approval; terminate and reserve the name when the deadline passes or the user
 * refuses; operators may extend the deadline or withdraw a false positive.
 */
export async function nameCorrectionV1(input: NameCorrectionInput): Promise<NameCorrectionResult> {
  const caseRef = input.caseRef;
  // Keys of records and notices: the account too, so that two cases can never share one.
  const idPrefix = `${caseRef}:${input.accountId}`;
  const state: CaseState = openCase(input, nowIso());
  const emit = (e: NewEvent) => apply(state, e, nowIso());
  const roster = { version: 0, operators: input.roster.operators } as Roster;

  // Handlers first, so that nothing sent right after the start is lost.
  setHandler(getCase, () => state);
  // A roster signal's payload is not trusted any more; these cases keep the roster they opened with.
  setHandler(rosterChanged, () => undefined);

  setHandler(
    submitCorrection,
    async (raw) => {
      const { profile } = SubmitCorrectionSchema.parse(raw);
      const submissionNo = state.submissions.length + 1;
      emit({ type: 'correction_submitted', by: ACCOUNT_HOLDER, submissionNo, profile });
      const findings = await acts.checkProposedProfile({ profile });
      const passed = !findings.some((f) => f.blocking);
      emit({ type: 'correction_checked', by: SYSTEM, submissionNo, passed, findings });
      return { submissionNo, passed, findings, stage: state.stage, deadline: state.deadline };
    },
    {
      validator: (raw) => {
        check(SubmitCorrectionSchema.safeParse(raw));
        requireStage('submit a correction', 'awaiting_correction');
        if (now() >= Date.parse(state.deadline)) refuse(`the deadline ${state.deadline} has passed`);
        if (state.submissions.length >= state.terms.maxSubmissions) {
          refuse(`at most ${state.terms.maxSubmissions} corrections may be submitted in one case`);
        }
      },
    },
  );

  setHandler(
    refuseCorrection,
    (raw) => {
      const { statement } = RefuseCorrectionSchema.parse(raw);
      emit({ type: 'correction_refused', by: ACCOUNT_HOLDER, statement });
      return summary(state);
    },
    {
      validator: (raw) => {
        check(RefuseCorrectionSchema.safeParse(raw));
        requireStage('refuse', 'awaiting_correction', 'under_review');
      },
    },
  );

  setHandler(
    reviewCorrection,
    (raw) => {
      const a = ReviewCorrectionSchema.parse(raw);
      emit({ type: 'correction_reviewed', by: a.operatorId, submissionNo: a.submissionNo, decision: a.decision, reason: a.reason });
      return summary(state);
    },
    {
      validator: (raw) => {
        const a = check(ReviewCorrectionSchema.safeParse(raw));
        authorize(a.operatorId, 'reviewCorrection');
        requireStage('review', 'under_review');
        const current = currentSubmission(state)!;
        if (a.submissionNo !== current.no) {
          refuse(`submissionNo: ${a.submissionNo} is not the correction under review (that is ${current.no})`);
        }
      },
    },
  );

  setHandler(
    extendDeadline,
    (raw) => {
      const a = ExtendDeadlineSchema.parse(raw);
      const to = new Date(a.newDeadline).toISOString();
      emit({ type: 'deadline_extended', by: a.operatorId, from: state.deadline, to, reason: a.reason });
      return summary(state);
    },
    {
      validator: (raw) => {
        const a = check(ExtendDeadlineSchema.safeParse(raw));
        authorize(a.operatorId, 'extendDeadline');
        requireStage('extend the deadline', 'awaiting_correction', 'checking', 'under_review');
        const to = Date.parse(a.newDeadline);
        const current = Date.parse(state.deadline);
        if (state.stage === 'awaiting_correction' && now() >= current) refuse(`the deadline ${state.deadline} has passed`);
        if (to <= now()) refuse('newDeadline: must be in the future');
        if (to <= current) refuse(`newDeadline: must be later than the current deadline ${state.deadline}`);
        if (to > current + state.terms.maxExtensionMs) {
          refuse(`newDeadline: may extend the deadline by at most ${state.terms.maxExtensionMs / 3_600_000} hours at a time`);
        }
      },
    },
  );

  setHandler(
    withdrawCase,
    (raw) => {
      const a = WithdrawCaseSchema.parse(raw);
      emit({ type: 'case_withdrawn', by: a.operatorId, reason: a.reason });
      return summary(state);
    },
    {
      validator: (raw) => {
        const a = check(WithdrawCaseSchema.safeParse(raw));
        authorize(a.operatorId, 'withdrawCase');
        requireStage('withdraw', 'awaiting_correction', 'checking', 'under_review');
      },
    },
  );

  function authorize(operatorId: string, action: string): void {
    const why = refusalFor(roster, NAME_CORRECTION.permissions, operatorId, action);
    if (why) refuse(why);
  }

  function requireStage(action: string, ...stages: CaseState['stage'][]): void {
    if (!stages.includes(state.stage)) refuse(`cannot ${action}: the case is ${state.stage}`);
  }

  // ---- The case itself ----
  const measure = (what: string, reason: string) => ({
    idempotencyKey: `${idPrefix}:${what}`,
    caseRef,
    accountId: state.accountId,
    actor: input.openedBy,
    reason,
    article: ARTICLE,
  });
  await acts.suspendService({ ...measure('suspend', 'profile failed the compliance check'), evidence: { findings: input.findings } });
  emit({ type: 'service_suspended', by: input.openedBy });

  let effectsDone = 0;
  let published = '';
  const unprocessed = () => state.events.length > effectsDone;
  for (;;) {
    effectsDone = await runEffects(effectsDone);
    if (!isOpen(state)) break;
    await sendDueReminders();
    if (state.stage === 'awaiting_correction' && now() >= Date.parse(state.deadline)) {
      emit({ type: 'deadline_passed', by: SYSTEM, deadline: state.deadline });
    }
    if (unprocessed()) continue;
    // Published once all that happened is processed, just before waiting.
    publishSearchAttributes();
    const wakeAt = nextWakeAt(state);
    if (wakeAt === undefined) await condition(unprocessed);
    else if (wakeAt > now()) await condition(unprocessed, wakeAt - now());
  }
  const outcome = await carryOut(state.closure!.outcome);
  emit({ type: 'closed', by: SYSTEM, outcome });
  publishSearchAttributes();
  await condition(allHandlersFinished);
  return { caseRef, outcome, closedAt: nowIso(), submissions: state.submissions.length };

  /** Notices and records owed to events appended since the last call (by handlers or the loop). */
  async function runEffects(from: number): Promise<number> {
    let i = from;
    for (; i < state.events.length; i++) {
      const e = state.events[i]!;
      const key = `e${e.seq}`;
      switch (e.type) {
        case 'opened':
          await notify('opened', key);
          break;
        case 'correction_checked':
          if (!e.passed) {
            const reason = e.findings.filter((f) => f.blocking).map((f) => f.detail).join('；');
            await acts.recordDecision({
              ...measure(`${key}:decision`, reason),
              actor: SYSTEM,
              action: 'reject_correction_automatically',
              evidence: { submissionNo: e.submissionNo, findings: e.findings },
            });
            if (Date.parse(e.at) < Date.parse(state.deadline)) {
              await notify('correction_rejected', key, { submissionNo: e.submissionNo, reason });
            }
          }
          break;
        case 'correction_reviewed':
          await acts.recordDecision({
            ...measure(`${key}:decision`, e.reason),
            actor: e.by,
            action: e.decision === 'approve' ? 'approve_correction' : 'reject_correction',
            evidence: { submissionNo: e.submissionNo, profile: state.submissions.find((s) => s.no === e.submissionNo)?.profile },
          });
          // After the deadline a rejection ends the case; the termination notice says so instead.
          if (e.decision === 'reject' && Date.parse(e.at) < Date.parse(state.deadline)) {
            await notify('correction_rejected', key, { submissionNo: e.submissionNo, reason: e.reason });
          }
          break;
        case 'deadline_extended':
          await acts.recordDecision({
            ...measure(`${key}:decision`, e.reason),
            actor: e.by,
            action: 'extend_deadline',
            evidence: { from: e.from, to: e.to },
          });
          await notify('deadline_extended', key, { previousDeadline: e.from, reason: e.reason, deadline: e.to });
          break;
        case 'case_withdrawn':
          await acts.recordDecision({ ...measure(`${key}:decision`, e.reason), actor: e.by, action: 'withdraw_case' });
          break;
        case 'correction_refused':
          await acts.recordDecision({
            ...measure(`${key}:decision`, e.statement || 'the account holder refused to correct'),
            actor: e.by,
            action: 'refuse_correction',
          });
          break;
      }
    }
    return i;
  }

  async function sendDueReminders(): Promise<void> {
    for (const r of pendingReminders(state)) {
      if (r.at > now()) break;
      // A reminder is for the account holder who still has to act; while a correction is being
      // checked or reviewed, or after the deadline, its slot is skipped.
      if (state.stage === 'awaiting_correction' && now() < Date.parse(state.deadline)) {
        await notify('reminder', `reminder:${r.slot}`);
        emit({ type: 'reminder_sent', by: SYSTEM, slot: r.slot });
      } else {
        emit({ type: 'reminder_skipped', by: SYSTEM, slot: r.slot });
      }
    }
  }

  async function carryOut(outcome: Outcome): Promise<Outcome> {
    const cause = state.closure!.cause;
    if (outcome === 'restored') {
      const sub = currentSubmission(state)!;
      await acts.applyCorrectedProfile({ ...measure('apply-profile', `correction ${sub.no} approved`), actor: sub.review!.by, profile: sub.profile });
      emit({ type: 'profile_applied', by: sub.review!.by, submissionNo: sub.no });
      await acts.restoreService({ ...measure('restore', `correction ${sub.no} approved`), actor: sub.review!.by });
      emit({ type: 'service_restored', by: sub.review!.by });
    } else if (outcome === 'withdrawn') {
      const by = lastEvent('case_withdrawn').by;
      await acts.restoreService({ ...measure('restore', 'case withdrawn as a false positive'), actor: by });
      emit({ type: 'service_restored', by });
    } else {
      const reason = cause === 'refused' ? 'the account holder refused to correct' : 'the deadline passed without an approved correction';
      await acts.terminateService({ ...measure('terminate', reason), actor: SYSTEM, evidence: { deadline: state.deadline } });
      emit({ type: 'service_terminated', by: SYSTEM });
      await acts.reserveAccountName({ ...measure('reserve-name', reason), actor: SYSTEM, article: ARTICLE_RESERVE });
      emit({ type: 'name_reserved', by: SYSTEM });
    }
    await notify(outcome, `close:${outcome}`, { cause, reason: outcome === 'withdrawn' ? lastEvent('case_withdrawn').reason : undefined });
    return outcome;
  }

  async function notify(kind: NoticeKind, key: string, extra: Partial<NoticeInput> = {}): Promise<void> {
    try {
      await mail.sendNotice({
        idempotencyKey: `${idPrefix}:${key}:notice`,
        kind,
        caseRef,
        accountId: state.accountId,
        deadline: state.deadline,
        findings: state.findings,
        ...extra,
      });
      emit({ type: 'notice_sent', by: SYSTEM, kind });
    } catch (err) {
      // A relay that refuses the address for good must not hold the case: record it and go on.
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === NOTICE_UNDELIVERABLE)) throw err;
      await acts.recordDecision({
        ...measure(`${key}:notice-failed`, err.cause.message),
        actor: SYSTEM,
        action: 'notice_undeliverable',
        evidence: { kind },
      });
      emit({ type: 'notice_failed', by: SYSTEM, kind });
    }
  }

  function lastEvent<T extends CaseEvent['type']>(type: T): Extract<CaseEvent, { type: T }> {
    return [...state.events].reverse().find((e) => e.type === type) as Extract<CaseEvent, { type: T }>;
  }

  // Only changed values are written: each upsert is an event in the history.
  function publishSearchAttributes(): void {
    const key = `${state.stage}|${state.deadline}`;
    if (key === published) return;
    published = key;
    upsertSearchAttributes([
      { key: AccountId, value: state.accountId },
      { key: CaseKind, value: CASE_KIND },
      { key: CaseRef, value: caseRef },
      { key: CaseStage, value: state.stage },
      { key: DeadlineAt, value: new Date(state.deadline) },
    ]);
  }
}

function check<T>(r: ZodSafeParseResult<T>): T {
  if (!r.success) refuse(formatIssues(r.error.issues));
  return r.data;
}

/** Refuses an update in its validator: the caller gets the message, the history gets nothing. */
function refuse(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidAction');
}
