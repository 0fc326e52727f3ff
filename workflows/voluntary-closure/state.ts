import type { VoluntaryClosureCase } from '../../schemas/voluntary-closure';
import type { CaseState } from '../case/case';
import type { KernelEvent, Stamped } from '../case/events';
import type { CaseInput, CaseTerms } from '../case/process';

/**
 * A voluntary suspension or closure (Art. 11 ¶3) as events; the state derived by `evolve` (pure).
 * The holder decides: there is no operator's decision here, and so no four eyes.
 */

export type VoluntaryClosureInput = CaseInput & Omit<VoluntaryClosureCase, 'accountId'>;

/** The policy section's own term (policy/voluntary-closure.ts), as the case's terms carry it (ms). */
export interface FreezeStep {
  followersBelow?: number;
  period: number;
}
export type VoluntaryClosureTerms = CaseTerms & { freeze?: FreezeStep[] };

export type Outcome = 'resumed' | 'closed' | 'cancelled' | 'stopped';
export type ClosureCause = 'resumed_by_holder' | 'suspension_ended' | 'freeze_ended' | 'cancelled_by_holder' | 'stopped_by_supervisor' | 'measure_in_force';
export type Stage = 'suspended' | 'freezing' | 'closing' | Outcome;

export type VoluntaryClosureEvent =
  | { type: 'opened'; request: 'suspend' | 'close'; followers: number; until?: string; reason?: string; terms: CaseTerms }
  | { type: 'resumed'; reason?: string }
  | { type: 'closure_cancelled'; reason?: string }
  | { type: 'closure_stopped'; reason: string }
  /** The freeze ended with another case's measure in force on the account: it does not close. */
  | { type: 'closure_held'; reason: string; measures: { kind: string; caseRef: string | null }[] }
  | { type: 'name_reserved' };

export interface VoluntaryClosureState extends CaseState<VoluntaryClosureEvent> {
  stage: Stage;
  terms: VoluntaryClosureTerms;
  request: 'suspend' | 'close';
  followers: number;
  closure?: { outcome: Outcome; cause: ClosureCause };
}

/** The freeze period for an account of this many followers: the first step it is below, else the last. */
export function freezePeriodMs(freeze: readonly FreezeStep[], followers: number): number {
  const step = freeze.find((f) => f.followersBelow === undefined || followers < f.followersBelow) ?? freeze[freeze.length - 1]!;
  return step.period;
}

/**
 * When the holder's suspension ends: their date, but never later than the policy's longest (`window`);
 * without a date, at the longest.
 */
export function suspensionEnd(openedAt: string, windowMs: number, until?: string): number {
  const longest = Date.parse(openedAt) + windowMs;
  return until === undefined ? longest : Math.min(Date.parse(until), longest);
}

export function initialState(input: VoluntaryClosureInput, terms: CaseTerms, openedAt: string): VoluntaryClosureState {
  return {
    kind: 'voluntary-closure',
    caseRef: input.caseRef,
    accountId: input.accountId,
    openedAt,
    openedBy: input.openedBy,
    stage: input.request === 'suspend' ? 'suspended' : 'freezing',
    terms,
    request: input.request,
    followers: input.followers,
    events: [],
  };
}

export function evolve(s: VoluntaryClosureState, e: Stamped<VoluntaryClosureEvent | KernelEvent>): void {
  switch (e.type) {
    case 'resumed':
      decide(s, 'resumed', 'resumed_by_holder');
      break;
    case 'closure_cancelled':
      decide(s, 'cancelled', 'cancelled_by_holder');
      break;
    case 'closure_stopped':
      decide(s, 'stopped', 'stopped_by_supervisor');
      break;
    case 'closure_held':
      decide(s, 'stopped', 'measure_in_force');
      break;
    case 'deadline_passed':
      if (s.stage === 'suspended') decide(s, 'resumed', 'suspension_ended');
      else if (s.stage === 'freezing') decide(s, 'closed', 'freeze_ended');
      break;
  }
}

function decide(s: VoluntaryClosureState, outcome: Outcome, cause: ClosureCause): void {
  s.closure = { outcome, cause };
  s.stage = 'closing';
}

/** Both waits end by themselves: the suspension at its end, the freeze when the account closes. */
export function deadlineRunning(s: VoluntaryClosureState): boolean {
  return s.stage === 'suspended' || s.stage === 'freezing';
}

export function awaiting(s: VoluntaryClosureState): string {
  switch (s.stage) {
    case 'suspended':
      return 'the suspension to end, or the account holder to resume';
    case 'freezing':
      return 'the freeze to end (the account then closes), the account holder to cancel, or a supervisor to stop it';
    default:
      return 'the closing measures';
  }
}

export type VoluntaryClosureSummary = Omit<VoluntaryClosureState, 'events'>;
export function summary(s: VoluntaryClosureState): VoluntaryClosureSummary {
  const { events: _events, ...rest } = s;
  return rest;
}
