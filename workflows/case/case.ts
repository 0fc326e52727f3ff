import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  currentUpdateInfo,
  defineSignal,
  patched,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Roster } from '../../rules/roles';
import { refusalFor } from '../../rules/roles';
import { verifySeal, type ActionSeal, type TrustedKeys } from '../../security/action-seal';
import { now, nowIso } from '../clock';
import { NOTICE_UNDELIVERABLE } from '../failure-types';
import { AccountId, CaseKind, CaseRef, CaseStage, DeadlineAt } from '../search-attributes';
import { beijingTime, extensionRefusal, pendingReminders, shortDuration, type Deadline } from './deadline';
import { activity, localActivity, type ActivityName, type ActivityInput } from './effects';
import { ACCOUNT_HOLDER, SYSTEM, type Authored, type KernelEvent, type Stamped } from './events';
import { evolveFourEyes, pendingProposal, type FourEyesState } from './four-eyes';
import { check, refuse, requireStage } from './guards';
import { caseWorkflowId } from './ids';
import { openingFields, openingRefusal } from './opening';
import type { CaseInput, CaseTerms, ProcessInfo } from './process';

/** "The roster changed in the store: read it again." It carries nothing: a case trusts only the store. */
export const rosterChanged = defineSignal('rosterChanged');

/** What every case's state holds; a process adds its own fields and narrows `stage` and `closure`. */
export interface CaseState<E extends { type: string } = { type: string }> {
  kind: string;
  caseRef: string;
  accountId: string;
  openedAt: string;
  openedBy: string;
  stage: string;
  terms: CaseTerms;
  deadline?: Deadline;
  /** Decided but not yet carried out: the closing measures run next. */
  closure?: { outcome: string; cause: string };
  /** Request ids of the signed actions accepted: a seal is good for one action (cases since signed actions). */
  requestIds?: string[];
  /** Terminations wait for a proposal and a second supervisor's confirmation (cases since four eyes). */
  fourEyes?: FourEyesState;
  events: Stamped<E | KernelEvent>[];
}

/** The failure type of a case whose opening was refused (no valid seal, or an opener not allowed to open). */
export const OPENING_REFUSED = 'OpeningRefused';
/** The CaseStage search attribute of such a case, so that no work queue lists it as waiting. */
export const OPENING_REFUSED_STAGE = 'opening_refused';

/**
 * What `getCase` answers in a case's first moments, before it has read its terms and roster; and,
 * for good, when its opening was refused (the refusal says why: ids only).
 */
export interface OpeningCase {
  stage: 'opening' | typeof OPENING_REFUSED_STAGE;
  refusal?: string;
  kind: string;
  caseRef: string;
  accountId: string;
  openedBy: string;
  events: [];
}

/** Whom a notice goes to: the account's contact, unless a subject is named (a transfer's receiving side). */
export interface NoticeOptions {
  toSubject?: string;
}

/** A process, as the case layer runs it. */
export interface ProcessDefinition<S extends CaseState<E>, E extends { type: string }> extends ProcessInfo {
  /** The process's reducer for its own events (the case layer applies its own first). Pure. */
  evolve(s: S, e: Stamped<E | KernelEvent>): void;
  /** Whether the deadline is running: while it is, reminders go out and its passing is an event. */
  deadlineRunning(s: S): boolean;
  /** Who the case is waiting for, and for what: the UI shows it. No personal data. */
  awaiting(s: S): string;
  /** Who gets the deadline's reminders: the account's contact unless the process says (both parties of a transfer). */
  remindWhom?(s: S): NoticeOptions[];
}

/** The case layer's reducer: deadlines, reminders and closing, the same for every process. */
export function evolveKernel(s: CaseState, e: Stamped<KernelEvent | { type: string }>): void {
  const k = e as Stamped<KernelEvent>;
  switch (k.type) {
    case 'deadline_extended':
      s.deadline = { ...s.deadline, at: k.to, setAt: k.at, reminders: s.deadline?.reminders ?? {} };
      break;
    case 'deadline_set':
      s.deadline = { at: k.to, setAt: k.at, reminders: {}, purpose: k.purpose, ...(k.quiet ? { quiet: true } : {}) };
      break;
    case 'reminder_sent':
    case 'reminder_skipped':
      if (s.deadline) s.deadline.reminders[k.slot] = k.type === 'reminder_sent' ? 'sent' : 'skipped';
      break;
    case 'closed':
      s.stage = k.outcome;
      break;
    default:
      if (s.fourEyes) evolveFourEyes(s.fourEyes, k);
  }
}

/** How far ahead of the case's clock a seal may be dated (the API's and the workers' clocks differ a little). */
const SEAL_CLOCK_SKEW_MS = 30_000;
/** How old a seal may be, for cases whose terms do not say. */
const DEFAULT_SEAL_MAX_AGE_MS = 5 * 60_000;

/** A party to a case who acts through a platform service: the account holder, or a transfer's receiving side. */
export type Party = 'holder' | 'receiver';

/** Who took an action: an operator, or a party with the platform service that sent it. */
interface Actor {
  id: string;
  via?: string;
  /** The seal's request id (signed cases). */
  requestId?: string;
}

interface ActionSpec<S, A, R> {
  schema: z.ZodType<A>;
  /** "submit a correction": how a refusal for the wrong stage names the action. */
  verb: string;
  stages: readonly string[];
  /**
   * An operator's action: the roster must allow the operator to take it (permissions are keyed by the
   * update's name). Otherwise it is the account holder's own, sent by a platform service for them.
   */
  byOperator?: boolean;
  /**
   * Whose own action it is when not an operator's: the account holder (the default) or, in a transfer,
   * the receiving side. The seal must name `<party>:<accountId>`, sent via a platform service.
   */
  party?: Party;
  /** Further refusals, from the state and who acts: call `refuse`. */
  check?: (a: A, s: S, by: string) => void;
  /** Carries the action out; `by` took it (an operator, or the account holder), `via` sent it for them. */
  accept: (a: A, by: string, via?: string) => R | Promise<R>;
}

/**
 * One case: its state and events, the operator roster it checks actions against, the effects owed to
 * accepted actions, and the loop that carries them out and keeps the deadline. A process workflow
 * opens it, declares its actions, imposes its measures and runs it; see name-correction/workflow.ts.
 * `N` is the process's notice kinds (its mail template's), so a misspelt notice fails to compile, not
 * at run time; every process's template has a 'reminder'.
 */
export class Case<S extends CaseState<E>, E extends { type: string }, N extends string = string> {
  private opened?: S;
  private roster: Roster = { version: -1, operators: [] };
  /** The public keys action seals are verified with (the workers' ACTION_VERIFY_KEYS_FILE). */
  private keys: TrustedKeys = {};
  /** Cases opened since actions were signed verify each one's seal; older ones take the actor from the input. */
  private readonly signed: boolean;
  /** Cases started since openings were signed verify the start's seal before anything else. */
  private readonly signedOpen: boolean;
  /** Why the opening was refused: the case then answers queries with it, and ends. */
  private refusal?: string;
  private rosterStale = false;
  private readonly effects: (() => Promise<void>)[] = [];
  private seen = 0;
  private published = '';
  /** Keys of records and notices: the account too, so that two cases can never share one. */
  private readonly keyPrefix: string;

  /**
   * Begins a case. Its actions are declared next, before `open` awaits anything: an update that
   * arrives in the case's first moments finds its handler, and waits for the case to be open.
   */
  constructor(
    readonly def: ProcessDefinition<S, E>,
    private readonly input: CaseInput,
    /** The API's seal on the start (the workflow's second argument); checked in `open`. */
    private readonly openingSeal?: unknown,
  ) {
    // `input?.`: a raw start may carry anything, or nothing; the opening's check says so, not a TypeError.
    this.keyPrefix = `${input?.caseRef}:${input?.accountId}`;
    // Taken first thing, so that every replay of the case asks in the same place.
    this.signed = patched('signed-actions');
    this.signedOpen = patched('signed-open');
    setHandler(rosterChanged, () => void (this.rosterStale = true));
    const opening: OpeningCase = { stage: 'opening', kind: def.kind, caseRef: input?.caseRef, accountId: input?.accountId, openedBy: input?.openedBy, events: [] };
    // A refused opening answers with its refusal (a query's error would reach the caller encrypted).
    setHandler(def.getCase, () => this.opened ?? (this.refusal ? { ...opening, stage: OPENING_REFUSED_STAGE, refusal: this.refusal } : opening));
  }

  /**
   * Opens the case: reads the roster and the policy terms from the running product (a local activity:
   * the worker's policy applies, whichever process asked for the case), then builds the first state.
   */
  async open(initial: (terms: CaseTerms, openedAt: string) => S): Promise<S> {
    const setup = await localActivity('caseSetup', 'read the roster and the policy terms', { kind: this.def.kind });
    this.roster = setup.roster;
    this.keys = setup.actionKeys ?? {};
    if (this.signedOpen) await this.refuseUnsealedOpening(setup.terms);
    this.opened = initial(setup.terms, nowIso());
    if (this.signed) this.opened.requestIds = [];
    return this.opened;
  }

  /**
   * A start without the API's valid seal (a raw `workflow start` by someone with the namespace but not
   * the API), or by an opener the roster does not allow to open: nothing is imposed and no notice sent.
   * It is recorded (a forged opening is a security event worth keeping past the namespace's retention;
   * the record carries well-formed ids and the case's own words only, never the input's other fields),
   * and the case fails at once, its stage in the UI `opening_refused`.
   */
  private async refuseUnsealedOpening(terms: CaseTerms): Promise<void> {
    const info = workflowInfo();
    const why = openingRefusal({
      kind: this.def.kind,
      run: { workflowId: info.workflowId, startedAt: info.startTime.getTime(), attempt: info.attempt, cronSchedule: info.cronSchedule },
      input: this.input,
      seal: this.openingSeal,
      keys: this.keys,
      roster: this.roster,
      permissions: this.def.permissions,
      limits: { maxAgeMs: terms.sealMaxAgeMs ?? DEFAULT_SEAL_MAX_AGE_MS, maxSkewMs: SEAL_CLOCK_SKEW_MS },
    });
    if (!why) return;
    this.refusal = why;
    upsertSearchAttributes([{ key: CaseStage, value: OPENING_REFUSED_STAGE }]);
    setCurrentDetails([`**${this.def.title}** · ${this.def.article}`, `**Opening refused:** ${why}`, 'Nothing was imposed and no notice was sent.'].join('\n\n'));
    const ids = openingFields(this.input);
    await activity('recordDecision', 'record: opening refused', {
      // One record per refused run, whatever the input claims.
      idempotencyKey: `opening-refused:${info.runId}`,
      // The store takes null for a record of no known case (the activity's type is narrower).
      caseRef: (ids.caseRef ?? null) as string,
      accountId: (ids.accountId ?? null) as string,
      actor: SYSTEM,
      reason: why,
      article: '第十九条',
      action: 'refuse_opening',
      evidence: { kind: this.def.kind, runId: info.runId, ...(ids.openedBy ? { claimedOpener: ids.openedBy } : {}) },
    });
    throw ApplicationFailure.nonRetryable(`${this.def.kind} case not opened: ${why}`, OPENING_REFUSED);
  }

  get state(): S {
    if (!this.opened) throw new Error('the case is not open yet');
    return this.opened;
  }

  /** Appends an event with its envelope and evolves the state by it. */
  emit(e: Authored<E | KernelEvent>): Stamped<E | KernelEvent> {
    const event = { ...e, seq: this.state.events.length, at: nowIso() } as Stamped<E | KernelEvent>;
    this.state.events.push(event);
    evolveKernel(this.state, event);
    this.def.evolve(this.state, event);
    return event;
  }

  /** Effects owed to what just happened, carried out in order by the loop, so that actions answer at once. */
  later(effect: () => Promise<void>): void {
    this.effects.push(effect);
  }

  /**
   * Declares an action (a workflow update). Its validator checks the input, the seal (who acts, signed
   * by the API), the stage, the operator against the roster and the process's own rules, so a refused
   * action leaves no trace in the history.
   */
  action<A, R>(update: UpdateDefinition<R, [A, ActionSeal?]>, spec: ActionSpec<S, A, R>): void {
    const byOperator = spec.byOperator ?? false;
    // Who acts, checked: the seal (signed cases) or the input's operator id (older cases).
    const actorOf = (raw: A, seal: unknown, updateId: string): Actor =>
      this.signed ? this.sealedActor(update.name, raw, seal, byOperator ? 'operator' : (spec.party ?? 'holder'), updateId) : this.legacyActor(raw, byOperator, update.name);
    const checkAll = (a: A, by: Actor) => {
      requireStage(this.state.stage, spec.verb, spec.stages);
      spec.check?.(a, this.state, by.id);
    };
    setHandler(
      update,
      async (raw: A, seal?: ActionSeal) => {
        // Read before any await: the update's id, as the seal must name it.
        const updateId = currentUpdateInfo()?.id ?? '';
        const a = spec.schema.parse(raw);
        let by: Actor;
        if (!this.opened) {
          // Accepted while the case was still opening (its keys and roster unread): checked now that it
          // is open. A refusal here is the one kind that leaves a trace (an update that failed) in the history.
          await condition(() => this.opened !== undefined || this.refusal !== undefined);
          if (this.refusal) refuse(`this case never opened: ${this.refusal}`);
          by = actorOf(raw, seal, updateId);
          checkAll(a, by);
        } else if (this.signed) {
          // The validator verified the seal just before this; replays take its word, as they must.
          by = { id: seal!.actor, ...(seal!.via ? { via: seal!.via } : {}), requestId: seal!.requestId };
        } else {
          by = { id: byOperator ? (a as { operatorId: string }).operatorId : ACCOUNT_HOLDER };
        }
        if (by.requestId !== undefined) this.state.requestIds?.push(by.requestId);
        return spec.accept(a, by.id, by.via);
      },
      {
        validator: (raw: A, seal?: unknown) => {
          const a = check(spec.schema.safeParse(raw));
          if (this.refusal) refuse(`this case never opened: ${this.refusal}`);
          if (this.opened) checkAll(a, actorOf(raw, seal, currentUpdateInfo()?.id ?? ''));
        },
      },
    );
  }

  /** Cases opened before actions were signed: the operator named in the input, checked against the roster. */
  private legacyActor(raw: unknown, byOperator: boolean, action: string): Actor {
    if (!byOperator) return { id: ACCOUNT_HOLDER };
    const operatorId = (raw as { operatorId?: string }).operatorId;
    this.authorize(operatorId, action);
    return { id: operatorId! };
  }

  /**
   * The actor an action's seal vouches for, once the seal holds (security/action-seal.ts) and the roster
   * allows it: an operator acting in their own name, or the account holder through a platform service.
   */
  private sealedActor(action: string, raw: unknown, seal: unknown, who: 'operator' | Party, updateId: string): Actor {
    const why = verifySeal(seal, {
      keys: this.keys,
      // The case's id from its own input (as the services derive it), not from the run: replays check the same.
      workflowId: caseWorkflowId(this.def.kind, this.input.accountId),
      action,
      updateId,
      input: raw,
      now: now(),
      limits: { maxAgeMs: this.state.terms.sealMaxAgeMs ?? DEFAULT_SEAL_MAX_AGE_MS, maxSkewMs: SEAL_CLOCK_SKEW_MS },
      used: (id) => this.state.requestIds?.includes(id) ?? false,
    });
    if (why) refuse(why);
    const c = seal as ActionSeal;
    if (who === 'operator') {
      const named = (raw as { operatorId?: unknown }).operatorId;
      if (named !== undefined && named !== c.actor) refuse(`operatorId: "${String(named)}" is not the actor the action is signed for ("${c.actor}")`);
      if (c.via !== undefined) refuse(`an operator acts in their own name: the action must not be signed as sent via "${c.via}"`);
      this.authorize(c.actor, action);
      return { id: c.actor, requestId: c.requestId };
    }
    const party = `${who}:${this.input.accountId}`;
    const whose = who === 'holder' ? "the account holder's" : "the receiving side's";
    if (c.actor !== party) refuse(`${whose} own action must be signed for "${party}", not "${c.actor}"`);
    const service = this.roster.operators.find((o) => o.id === c.via);
    if (!c.via || !service?.roles.includes('platform')) refuse(`via: "${c.via ?? ''}" is not a platform service on the roster: only one may send ${whose} actions`);
    return { id: c.actor, via: c.via, requestId: c.requestId };
  }

  private authorize(operatorId: string | undefined, action: string): void {
    if (operatorId === undefined) refuse('operatorId: is required');
    const why = refusalFor(this.roster, this.def.permissions, operatorId, action);
    if (why) refuse(why);
  }

  /**
   * Starts the case's next wait: a new deadline for `purpose` ("both parties confirm"), with fresh
   * reminders unless it is nobody's to act on (`reminders: false`, a notice period). Whether its passing
   * is an event is still the process's `deadlineRunning`.
   */
  setDeadline(at: string | number, purpose: string, opts: { reminders?: boolean } = {}): void {
    const to = new Date(at).toISOString();
    this.emit({ type: 'deadline_set', by: SYSTEM, to, purpose, ...(opts.reminders === false ? { quiet: true } : {}) });
  }

  /** Refuses a deadline extension that is not allowed (past, not later, too far). */
  checkExtension(newDeadline: string, opts: { passedIsFinal: boolean }): void {
    const why = extensionRefusal(this.state.deadline!, Date.parse(newDeadline), now(), this.state.terms.maxExtensionMs, opts);
    if (why) refuse(why);
  }

  // ---- Effects: every one an activity with its record, idempotent by a key of the case and the step ----

  /** The fields every measure and record of one step of this case carries; the key makes a retry change nothing. */
  step(step: string, actor: string, reason: string) {
    return { idempotencyKey: `${this.keyPrefix}:${step}`, caseRef: this.input.caseRef, accountId: this.input.accountId, actor, reason, article: this.def.article };
  }

  /** Imposes a measure on the account (Art. 19 ¶2, Art. 8), recorded as this case's. */
  async impose(kind: ActivityInput<'imposeMeasure'>['kind'], step: string, o: { actor: string; reason: string; article?: string; evidence?: Record<string, unknown> }): Promise<void> {
    const article = o.article ?? this.def.article;
    await activity('imposeMeasure', `impose ${kind} (${article})`, { ...this.step(step, o.actor, o.reason), article, kind, ...(o.evidence ? { evidence: o.evidence } : {}) });
    this.emit({ type: 'measure_imposed', by: o.actor, measure: kind });
  }

  /** Lifts the measures of those kinds that this case imposed, and no other. */
  async lift(kinds: ActivityInput<'liftMeasures'>['kinds'], action: string, step: string, o: { actor: string; reason: string }): Promise<void> {
    await activity('liftMeasures', `${action}: lift this case's ${kinds.join(', ')}`, { ...this.step(step, o.actor, o.reason), kinds, action });
    for (const k of kinds) this.emit({ type: 'measure_lifted', by: o.actor, measure: k });
  }

  /** Records a decision that is not itself a measure (Art. 19 "保存有关记录"). */
  async record(action: string, step: string, o: { actor: string; reason: string; evidence?: Record<string, unknown> }): Promise<void> {
    await activity('recordDecision', `record ${action} by ${o.actor}`, { ...this.step(`${step}:decision`, o.actor, o.reason), action, ...(o.evidence ? { evidence: o.evidence } : {}) });
  }

  /** A process's own activity, with the case's retry and heartbeat options and a summary for the timeline. */
  call<K extends ActivityName>(name: K, summary: string, input: ActivityInput<K>) {
    return activity(name, summary, input);
  }

  /**
   * E-mails a notice to the account's contact. A relay that refuses the address for good must not hold
   * the case: that is recorded and the case goes on.
   */
  async notify(kind: N | 'reminder', step: string, context: Record<string, unknown> = {}, summary = `notice: ${kind}`, opts: NoticeOptions = {}): Promise<void> {
    try {
      await activity('sendNotice', summary, {
        // A second recipient of one step's notice is another notice.
        idempotencyKey: `${this.keyPrefix}:${step}${opts.toSubject === undefined ? '' : `:to:${opts.toSubject}`}:notice`,
        ...(opts.toSubject === undefined ? {} : { toSubject: opts.toSubject }),
        caseKind: this.def.kind,
        kind,
        caseRef: this.state.caseRef,
        accountId: this.state.accountId,
        ...(this.state.deadline ? { deadline: this.state.deadline.at } : {}),
        context,
      });
      this.emit({ type: 'notice_sent', by: SYSTEM, kind, ...(opts.toSubject === undefined ? {} : { toSubject: opts.toSubject }) });
    } catch (err) {
      if (!(err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === NOTICE_UNDELIVERABLE)) throw err;
      const to = opts.toSubject === undefined ? '' : `:to:${opts.toSubject}`;
      await activity('recordDecision', `record: ${kind} notice undeliverable`, {
        ...this.step(`${step}${to}:notice-failed`, SYSTEM, err.cause.message),
        action: 'notice_undeliverable',
        evidence: { kind, ...(opts.toSubject === undefined ? {} : { toSubject: opts.toSubject }) },
      });
      this.emit({ type: 'notice_failed', by: SYSTEM, kind, ...(opts.toSubject === undefined ? {} : { toSubject: opts.toSubject }) });
    }
  }

  // ---- The loop ----

  /**
   * Carries out what accepted actions owe, sends reminders while the deadline runs, notes when it
   * passes, and sleeps until the next of those or the next action. Returns once the case is decided.
   */
  async run(): Promise<NonNullable<S['closure']>> {
    for (;;) {
      await this.drain();
      if (this.state.closure) return this.state.closure as NonNullable<S['closure']>;
      const running = this.def.deadlineRunning(this.state);
      await this.sendDueReminders(running);
      const d = this.state.deadline;
      if (running && d && now() >= Date.parse(d.at)) this.emit({ type: 'deadline_passed', by: SYSTEM, deadline: d.at });
      this.escalateLapsedConfirmation();
      if (this.busy()) continue;
      this.publish();
      const wake = this.nextWake(running);
      if (!wake) await condition(() => this.busy());
      else if (wake.at > now()) await condition(() => this.busy(), wake.at - now(), { summary: wake.summary });
    }
  }

  /** The case is over: its closing measures are done. Waits for handlers still running, then returns. */
  async close(outcome: string): Promise<void> {
    this.emit({ type: 'closed', by: SYSTEM, outcome });
    this.publish();
    await condition(allHandlersFinished);
  }

  private busy(): boolean {
    return this.effects.length > 0 || this.rosterStale || this.state.events.length > this.seen;
  }

  private async drain(): Promise<void> {
    for (;;) {
      this.seen = this.state.events.length;
      if (this.rosterStale) {
        this.rosterStale = false;
        const r = await localActivity('readRoster', 'read the operator roster', undefined);
        // Signals may arrive out of order, and reads may overtake each other: the newest version wins.
        if (r.version > this.roster.version) this.roster = { version: r.version, operators: r.operators };
        // The worker's keys as they are now (a rotation adds one); cases before they were read have none.
        if (r.actionKeys) this.keys = r.actionKeys;
        continue;
      }
      const next = this.effects.shift();
      if (!next) return;
      await next();
    }
  }

  private async sendDueReminders(running: boolean): Promise<void> {
    const d = this.state.deadline;
    if (!d) return;
    for (const r of pendingReminders(d, this.state.terms.remindBeforeMs)) {
      if (r.at > now()) break;
      // A reminder is for the party that still has to act; otherwise its slot is skipped.
      if (running && now() < Date.parse(d.at)) {
        for (const to of this.def.remindWhom?.(this.state) ?? [{}]) {
          await this.notify('reminder', `reminder:${r.slot}`, {}, `notice: reminder, ${shortDuration(r.before)} before the deadline`, to);
        }
        this.emit({ type: 'reminder_sent', by: SYSTEM, slot: r.slot });
      } else {
        this.emit({ type: 'reminder_skipped', by: SYSTEM, slot: r.slot });
      }
    }
  }

  private nextWake(running: boolean): { at: number; summary: string } | undefined {
    const base = this.deadlineWake(running);
    const due = this.state.fourEyes?.due;
    if (!due || due.escalated || this.state.closure) return base;
    const at = Date.parse(due.confirmBy);
    return base && base.at <= at ? base : { at, summary: `four eyes: termination awaited by ${beijingTime(due.confirmBy)}` };
  }

  /**
   * Four eyes: a termination that waits past its deadline for a proposal or a confirmation is escalated
   * once per wait (an event, a record and an e-mail to the escalation address); it goes on waiting.
   */
  private escalateLapsedConfirmation(): void {
    const due = this.state.fourEyes?.due;
    if (!due || due.escalated || this.state.closure || now() < Date.parse(due.confirmBy)) return;
    const p = pendingProposal(this.state.fourEyes!);
    const e = this.emit({ type: 'confirmation_overdue', by: SYSTEM, confirmBy: due.confirmBy, ...(p ? { proposalNo: p.no } : {}) });
    const waiting = p ? `termination proposal ${p.no} (by ${p.by}) awaits a second supervisor's confirmation` : 'the termination awaits a proposal';
    const reason = `${waiting} past ${due.confirmBy}`;
    this.later(async () => {
      await this.record('escalate_termination', `e${e.seq}`, { actor: SYSTEM, reason, evidence: { cause: due.cause, confirmBy: due.confirmBy, ...(p ? { proposal: p } : {}) } });
      await activity('sendEscalation', 'e-mail: termination overdue, escalated', {
        idempotencyKey: `${this.keyPrefix}:e${e.seq}:escalation`,
        caseKind: this.def.kind,
        caseRef: this.state.caseRef,
        accountId: this.state.accountId,
        reason,
      });
    });
  }

  private deadlineWake(running: boolean): { at: number; summary: string } | undefined {
    const d = this.state.deadline;
    if (!d) return undefined;
    const r = pendingReminders(d, this.state.terms.remindBeforeMs)[0];
    const deadline = running ? Date.parse(d.at) : undefined;
    if (r && (deadline === undefined || r.at <= deadline)) return { at: r.at, summary: `reminder, ${shortDuration(r.before)} before the deadline` };
    if (deadline !== undefined) return { at: deadline, summary: `deadline ${beijingTime(d.at)}` };
    return undefined;
  }

  /** The UI's work queue (search attributes, only when changed: each upsert is an event) and the case's current details. */
  private publish(): void {
    const s = this.state;
    const key = `${s.stage}|${s.deadline?.at ?? ''}`;
    if (key !== this.published) {
      this.published = key;
      upsertSearchAttributes([
        { key: AccountId, value: s.accountId },
        { key: CaseKind, value: s.kind },
        { key: CaseRef, value: s.caseRef },
        { key: CaseStage, value: s.stage },
        ...(s.deadline ? [{ key: DeadlineAt, value: new Date(s.deadline.at) }] : []),
      ]);
    }
    const lines = [`**${this.def.title}** ${s.caseRef} · ${this.def.article}`, `**Stage:** ${s.stage}`];
    if (s.deadline) {
      const what = s.deadline.purpose ? ` (${s.deadline.purpose})` : '';
      lines.push(`**Deadline:** ${beijingTime(s.deadline.at)}${what}${s.closure || this.def.deadlineRunning(s) ? '' : ' (paused while others act)'}`);
    }
    lines.push(`**Awaiting:** ${s.closure ? 'nobody: the case is closed' : this.def.awaiting(s)}`);
    setCurrentDetails(lines.join('\n\n'));
  }
}
