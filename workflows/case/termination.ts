import type { UpdateDefinition } from '@temporalio/common';
import {
  ConfirmTerminationUpdateSchema,
  ProposeTerminationUpdateSchema,
  RejectTerminationUpdateSchema,
  type ConfirmTermination,
  type ProposeTermination,
  type RejectTermination,
} from '../../schemas/case-actions';
import type { ActionSeal } from '../../security/action-seal';
import { now } from '../clock';
import type { Case, CaseState } from './case';
import { confirmationRefusal, DEFAULT_CONFIRM_WITHIN_MS, pendingProposal } from './four-eyes';
import { refuse } from './guards';

/** A process's three four-eyes updates (each process defines its own, answering with its own summary). */
export interface TerminationUpdates<R> {
  propose: UpdateDefinition<R, [ProposeTermination, ActionSeal?]>;
  confirm: UpdateDefinition<R, [ConfirmTermination, ActionSeal?]>;
  reject: UpdateDefinition<R, [RejectTermination, ActionSeal?]>;
}

/**
 * Declares four eyes on terminating service (workflows/case/four-eyes.ts) for a case whose reducer
 * makes the termination due: one operator proposes it, a second supervisor confirms or rejects it.
 * Every process that can terminate declares it with this, so the rule reads the same everywhere.
 * The process's reducer moves its stage on 'termination_proposed' / '_rejected' / '_confirmed'.
 */
export function declareTermination<S extends CaseState<E>, E extends { type: string }, N extends string, R>(
  c: Case<S, E, N>,
  updates: TerminationUpdates<R>,
  o: {
    /** Operators who decided the case: they may propose, not confirm. */
    deciders: (s: S) => string[];
    /** How the process names deciding, for the refusal ("reviewed a correction"). */
    decidedAs?: string;
    /** What the updates answer. */
    answer: (s: S) => R;
  },
): void {
  const within = () => new Date(now() + (c.state.terms.confirmWithinMs ?? DEFAULT_CONFIRM_WITHIN_MS)).toISOString();
  const checkProposal = (proposalNo: number, s: S) => {
    const p = pendingProposal(s.fourEyes!);
    if (p && proposalNo !== p.no) refuse(`proposalNo: ${proposalNo} is not the proposal awaiting confirmation (that is ${p.no})`);
  };
  const refusal = (s: S, by: string, verb: 'confirm' | 'reject') =>
    confirmationRefusal(s.fourEyes!, by, { openedBy: s.openedBy, deciders: o.deciders(s), verb, ...(o.decidedAs ? { decidedAs: o.decidedAs } : {}) });

  c.action(updates.propose, {
    schema: ProposeTerminationUpdateSchema,
    verb: 'propose termination',
    stages: ['termination_due'],
    byOperator: true,
    accept: (a, by) => {
      const proposalNo = c.state.fourEyes!.proposals.length + 1;
      const cause = c.state.fourEyes!.due!.cause;
      const e = c.emit({ type: 'termination_proposed', by, proposalNo, reason: a.reason, cause, confirmBy: within() });
      c.later(() => c.record('propose_termination', `e${e.seq}`, { actor: by, reason: a.reason, evidence: { proposalNo, cause } }));
      return o.answer(c.state);
    },
  });

  c.action(updates.confirm, {
    schema: ConfirmTerminationUpdateSchema,
    verb: 'confirm termination',
    stages: ['termination_proposed'],
    byOperator: true,
    check: (a, s, by) => {
      checkProposal(a.proposalNo, s);
      const why = refusal(s, by, 'confirm');
      if (why) refuse(why);
    },
    accept: (a, by) => {
      const proposal = { ...pendingProposal(c.state.fourEyes!)! };
      const e = c.emit({ type: 'termination_confirmed', by, proposalNo: a.proposalNo, reason: a.reason });
      c.later(() => c.record('confirm_termination', `e${e.seq}`, { actor: by, reason: a.reason, evidence: { proposal } }));
      return o.answer(c.state);
    },
  });

  c.action(updates.reject, {
    schema: RejectTerminationUpdateSchema,
    verb: 'reject termination',
    stages: ['termination_proposed'],
    byOperator: true,
    check: (a, s, by) => {
      checkProposal(a.proposalNo, s);
      const why = refusal(s, by, 'reject');
      if (why) refuse(why);
    },
    accept: (a, by) => {
      const { no: _no, ...proposal } = pendingProposal(c.state.fourEyes!)!;
      const e = c.emit({ type: 'termination_rejected', by, proposalNo: a.proposalNo, reason: a.reason, proposal, confirmBy: within() });
      // The record keeps what was rejected, so that the decision can be reconstructed from the records alone.
      c.later(() => c.record('reject_termination', `e${e.seq}`, { actor: by, reason: a.reason, evidence: { proposalNo: a.proposalNo, proposal } }));
      return o.answer(c.state);
    },
  });
}

/** Who confirmed the termination, and the evidence the measure carries: the confirmer's, on the proposer's proposal. */
export function confirmedTermination(s: CaseState): { actor: string; evidence: Record<string, unknown> } | undefined {
  const p = s.fourEyes?.proposals.find((x) => x.confirmed);
  if (!p) return undefined;
  return { actor: p.confirmed!.by, evidence: { proposalNo: p.no, proposedBy: p.by, confirmedBy: p.confirmed!.by } };
}
