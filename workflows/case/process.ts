import type { QueryDefinition } from '@temporalio/workflow';
import type { Permissions } from '../../rules/roles';

/**
 * What the platform side knows of a process: enough to open a case, address it and label it in the UI.
 * Each process exports one from its messages.ts, so services import no workflow code.
 */
export interface ProcessInfo {
  /** The CaseKind search attribute and the first part of the workflow ID. */
  kind: string;
  /** The registered workflow function's name. */
  workflowType: string;
  /** Case references read "<prefix>-<yyyymmdd>-<8 characters>". */
  refPrefix: string;
  /** The article the case carries out, as the records cite it. */
  article: string;
  /** A short label for the Temporal UI. */
  title: string;
  /** The stage a case is in when it opens, for the UI's work queue before a worker picks it up. */
  firstStage: string;
  /** Which roster role may take which of the process's operator actions. */
  permissions: Permissions;
  /** The query that returns the whole case. */
  getCase: QueryDefinition<unknown>;
  /**
   * Whether a case is about an account in the registry (the default) or one not yet in it (a
   * registration, keyed by the account id it asks for): openCase refuses the other.
   */
  opens?: 'existing-account' | 'new-account';
}

/** The policy terms a case runs under, fixed when it opens (so its history shows them). */
export interface CaseTerms {
  policyVersion: string;
  /** How long the party that must act has, from the opening. */
  windowMs: number;
  remindBeforeMs: number[];
  /** An operator may move a deadline at most this far past the current one in one extension. */
  maxExtensionMs: number;
  /** Submissions allowed in one case: bounds the history of a case that is spammed. */
  maxSubmissions: number;
  /** Four eyes: how long a termination waits for a proposal or its confirmation before escalating (cases since four eyes). */
  confirmWithinMs?: number;
  /** How old an action's seal may be when the case receives it (cases since signed actions). */
  sealMaxAgeMs?: number;
}

/** What every case is opened with; processes add their own fields. */
export interface CaseInput {
  /** The reference quoted in notices and records, chosen by the opener (services/case/open.ts). */
  caseRef: string;
  accountId: string;
  /** The service or operator that opened the case. */
  openedBy: string;
}
