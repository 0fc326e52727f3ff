/**
 * Four eyes on what can't be undone (terminating service, closing an account, blacklisting, banning
 * re-registration). A case whose outcome would be such a measure does not carry it out by itself: it
 * waits with the termination due; one operator proposes it, with a reason, and a second, different
 * supervisor confirms or rejects it. The confirmer may not be the proposer, the case's opener, nor an
 * operator who decided the case (reviewed a correction in it). A rejection is recorded with the
 * proposal's content, and the termination is due again (a new proposal may follow, or a supervisor
 * withdraws the case). Each wait has a deadline (policy `confirmWithin`); when it lapses the case
 * escalates (an event, a record, an e-mail to the escalation address) and goes on waiting.
 * Pure: the case layer's reducer and validators use it.
 */

export interface TerminationProposal {
  no: number;
  by: string;
  at: string;
  reason: string;
  /** Why the case came to termination (the process's closure cause: deadline passed, refused). */
  cause: string;
  rejected?: { by: string; at: string; reason: string };
  confirmed?: { by: string; at: string; reason: string };
}

export interface FourEyesState {
  /** Set while a termination is due (waiting for a proposal, or for its confirmation). */
  due?: {
    cause: string;
    since: string;
    /** When the current wait (for a proposal, or for a confirmation) lapses and escalates. */
    confirmBy: string;
    escalated: boolean;
  };
  proposals: TerminationProposal[];
}

export type FourEyesEvent =
  | { type: 'termination_proposed'; proposalNo: number; reason: string; cause: string; confirmBy: string }
  | { type: 'termination_rejected'; proposalNo: number; reason: string; proposal: Pick<TerminationProposal, 'by' | 'at' | 'reason' | 'cause'>; confirmBy: string }
  | { type: 'termination_confirmed'; proposalNo: number; reason: string }
  | { type: 'confirmation_overdue'; confirmBy: string; proposalNo?: number };

/** A confirmation waits a day unless the policy says otherwise (cases opened before the term existed). */
export const DEFAULT_CONFIRM_WITHIN_MS = 24 * 3_600_000;

export const newFourEyes = (): FourEyesState => ({ proposals: [] });

/**
 * The case would now terminate (a process's reducer calls this instead of closing): the termination is
 * due, and waits for a proposal and its confirmation.
 */
export function terminationDue(f: FourEyesState, cause: string, at: string, withinMs: number): void {
  f.due = { cause, since: at, confirmBy: new Date(Date.parse(at) + withinMs).toISOString(), escalated: false };
}

/** " (OVERDUE since …: escalated)" when the current wait has lapsed and was escalated: the work queue shows it. */
export function overdueNote(f: FourEyesState | undefined): string {
  const due = f?.due;
  return due?.escalated ? ` (OVERDUE since ${due.confirmBy}: escalated)` : '';
}

/** The proposal waiting for a second pair of eyes, if there is one. */
export function pendingProposal(f: FourEyesState): TerminationProposal | undefined {
  const last = f.proposals[f.proposals.length - 1];
  return last && !last.rejected && !last.confirmed ? last : undefined;
}

type Stamped<E> = E & { by: string; at: string };

/** Evolves the four-eyes state by one of its events (in place). */
export function evolveFourEyes(f: FourEyesState, e: Stamped<FourEyesEvent | { type: string }>): void {
  const x = e as Stamped<FourEyesEvent>;
  switch (x.type) {
    case 'termination_proposed':
      f.proposals.push({ no: x.proposalNo, by: x.by, at: x.at, reason: x.reason, cause: x.cause });
      if (f.due) f.due = { ...f.due, confirmBy: x.confirmBy, escalated: false };
      break;
    case 'termination_rejected': {
      const p = f.proposals.find((q) => q.no === x.proposalNo);
      if (p) p.rejected = { by: x.by, at: x.at, reason: x.reason };
      if (f.due) f.due = { ...f.due, confirmBy: x.confirmBy, escalated: false };
      break;
    }
    case 'termination_confirmed': {
      const p = f.proposals.find((q) => q.no === x.proposalNo);
      if (p) p.confirmed = { by: x.by, at: x.at, reason: x.reason };
      f.due = undefined;
      break;
    }
    case 'confirmation_overdue':
      if (f.due) f.due = { ...f.due, escalated: true };
      break;
  }
}

/**
 * Four eyes on any two-person step (a transfer's approval, say), outside the termination flow: why `by`
 * may not take the second step, or undefined. Not the one who took the first, opened the case or
 * decided it.
 */
export function secondPairRefusal(
  by: string,
  o: { proposer: string; openedBy: string; deciders: readonly string[]; verb: string; what: string },
): string | undefined {
  if (by === o.proposer) return `four eyes: "${by}" took the first step of ${o.what} and may not ${o.verb} it; a second person must`;
  if (by === o.openedBy) return `four eyes: "${by}" opened this case and may not ${o.verb} ${o.what}`;
  if (o.deciders.includes(by)) return `four eyes: "${by}" decided this case and may not ${o.verb} ${o.what}`;
  return undefined;
}

/** Who may not confirm (or reject) a proposal: the proposer, the opener, and whoever decided the case. */
export function confirmationRefusal(
  f: FourEyesState,
  by: string,
  o: { openedBy: string; deciders: readonly string[]; verb: 'confirm' | 'reject'; decidedAs?: string },
): string | undefined {
  const p = pendingProposal(f);
  if (!p) return `there is no termination proposal to ${o.verb}`;
  if (by === p.by) return `four eyes: "${by}" proposed this termination and may not ${o.verb} it; a second supervisor must`;
  if (o.verb === 'reject') return undefined;
  if (by === o.openedBy) return `four eyes: "${by}" opened this case and may not confirm its termination`;
  // How the process names deciding ("reviewed a correction"), so the refusal says what the confirmer did.
  if (o.deciders.includes(by)) return `four eyes: "${by}" decided this case (${o.decidedAs ?? 'reviewed a correction'}) and may not confirm its termination`;
  return undefined;
}
