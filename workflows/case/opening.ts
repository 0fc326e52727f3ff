import { z } from 'zod';
import { refusalFor, type Permissions, type Roster } from '../../rules/roles';
import { AccountIdSchema, OperatorIdSchema, typeError } from '../../schemas/common';
import { formatIssues } from '../../schemas/errors';
import { verifySeal, type ActionSeal, type SealLimits, type TrustedKeys } from '../../security/action-seal';
import { caseWorkflowId } from './ids';

/**
 * Whether a case may open: its start must carry the API's seal (security/action-seal.ts), as every
 * action does, and its opener must be on the roster with a role allowed to open. Pure: the case calls
 * it first thing, once it has read its keys and roster, before it imposes anything or sends a notice.
 */

/** The action a seal names for opening a case (updates are sealed under their own names). */
export const OPEN_ACTION = 'open';

/** "NC-20261123-K3M9QX7A", as services/case/open.ts makes them. */
export const CaseRefSchema = z.string(typeError('string', 'a string')).regex(/^[A-Z]{1,8}-\d{8}-[2-9A-HJ-NP-Z]{8}$/, 'must be a case reference such as NC-20261123-K3M9QX7A');

/** The fields every case's input has (processes add their own: the digest covers those). */
const OpeningFieldsSchema = z.object({ caseRef: CaseRefSchema, accountId: AccountIdSchema, openedBy: OperatorIdSchema });
export type OpeningFields = z.output<typeof OpeningFieldsSchema>;

export interface OpeningExpectation {
  kind: string;
  /** This run's workflow id and start, as the server recorded them (the attacker cannot choose the time). */
  run: { workflowId: string; startedAt: number; attempt: number; cronSchedule?: string };
  input: unknown;
  seal: unknown;
  keys: TrustedKeys;
  roster: Roster;
  permissions: Permissions;
  limits: SealLimits;
}

/** Each of the input's ids that is well-formed (a refusal's record carries those only). */
export function openingFields(input: unknown): Partial<OpeningFields> {
  const claimed = (input ?? {}) as Record<string, unknown>;
  const shape = OpeningFieldsSchema.shape;
  const ok = <K extends keyof OpeningFields>(k: K) => (shape[k].safeParse(claimed[k]).success ? { [k]: claimed[k] as string } : {});
  return { ...ok('caseRef'), ...ok('accountId'), ...ok('openedBy') };
}

/**
 * Why the case must not open, or undefined when it may. Messages carry ids only (case, account, key,
 * roster): never a field of the input that could hold personal data.
 */
export function openingRefusal(x: OpeningExpectation): string | undefined {
  const fields = OpeningFieldsSchema.safeParse(x.input);
  if (!fields.success) return `the opening's input is malformed: ${formatIssues(fields.error.issues)}`;
  const { caseRef, accountId, openedBy } = fields.data;
  // One case per account and kind: a copied seal must not open a second case under another id.
  const expected = caseWorkflowId(x.kind, accountId);
  if (x.run.workflowId !== expected) return `a ${x.kind} case for account ${accountId} runs as ${expected}, not under another workflow id`;
  // Each of these would run the same sealed input again, later, without the services.
  if (x.run.cronSchedule) return 'a case opens once: not on a cron schedule';
  if (x.run.attempt > 1) return `a case opens once: not as a retry (attempt ${x.run.attempt})`;
  const why = verifySeal(x.seal, {
    keys: x.keys,
    workflowId: expected,
    action: OPEN_ACTION,
    // An opening's request id is its case reference: one seal, one case.
    updateId: caseRef,
    input: x.input,
    // Dated against the server's start of this run, not the first task: a case started while the
    // workers were down is not refused for the wait.
    now: x.run.startedAt,
    limits: x.limits,
    used: () => false,
    noun: 'opening',
  });
  if (why) return why;
  const seal = x.seal as ActionSeal;
  if (seal.via !== undefined) return `an opener acts in their own name: the opening must not be signed as sent via "${seal.via}"`;
  if (seal.actor !== openedBy) return `openedBy: "${openedBy}" is not the opener the seal is for ("${seal.actor}")`;
  const notAllowed = refusalFor(x.roster, x.permissions, openedBy, OPEN_ACTION);
  return notAllowed?.replace(/^operatorId:/, 'openedBy:');
}
