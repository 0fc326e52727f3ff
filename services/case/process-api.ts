import type { z } from 'zod';
import type { Principal, Role } from '../../rules/roles';
import type { ProcessInfo } from '../../workflows/case/process';
import type { ServiceDeps } from '../deps';
import type { ActionOptions } from './handle';
import type { OpenedCase } from './open';

/**
 * A process as the HTTP API serves it: one route per action, each with its body schema and the roles
 * that may call it. The API iterates over these; it knows nothing of any one process.
 */
export interface CaseActionApi {
  /** 'review' → POST /v1/cases/name-correction/{accountId}/review */
  name: string;
  /** For OpenAPI. */
  summary: string;
  /** What the caller sends: no operator id (the actor is the caller's principal). */
  body: z.ZodType;
  /** The response's schema, when one is declared. */
  result: z.ZodType | undefined;
  /** Who may call it through the API. The holder's own actions: platform services, on the holder's behalf. */
  roles: readonly Role[];
  run(deps: ServiceDeps, by: Principal, accountId: string, body: unknown, opts?: ActionOptions): Promise<unknown>;
}

/**
 * An opening that answers otherwise than with the case it opened (a registration registered at once,
 * or held for review): the status and body the API sends, under the process's own response schemas.
 */
export interface OpenAnswer {
  status: number;
  body: unknown;
}

export interface ProcessApi {
  process: ProcessInfo;
  open: {
    body: z.ZodType;
    roles: readonly Role[];
    run(deps: ServiceDeps, by: Principal, body: unknown): Promise<OpenedCase | OpenAnswer>;
    /** The responses of a process whose `run` gives OpenAnswers, by status (they replace the usual 201 and 409). */
    responses?: Record<number, z.ZodType>;
  };
  /** The case as it stands (stage, deadline, every event with its author). */
  read(deps: ServiceDeps, accountId: string): Promise<unknown>;
  actions: CaseActionApi[];
}
