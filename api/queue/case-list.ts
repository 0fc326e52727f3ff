import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import { InvalidInputError } from '../../schemas/errors';
import { AccountId, CaseKind, CaseRef, CaseStage, DeadlineAt } from '../../workflows/search-attributes';

/** The work queue, from Temporal visibility (the search attributes every case publishes). */

export const CaseRowSchema = z.object({
  caseRef: z.string(),
  kind: z.string(),
  accountId: z.string(),
  stage: z.string(),
  deadlineAt: z.string().optional(),
  status: z.string(),
  workflowId: z.string(),
  runId: z.string(),
  startedAt: z.string(),
  closedAt: z.string().optional(),
});
export type CaseRow = z.infer<typeof CaseRowSchema>;

// Values go into a visibility query: only plain names, so that a quote cannot change the query.
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** "24h", "3d", "1d12h", "90m" → ms. */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$/i.exec(s);
  if (!m || !(m[1] || m[2] || m[3])) return undefined;
  return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3_600_000 + Number(m[3] ?? 0) * 60_000;
}

export const CaseListQuerySchema = z.strictObject({
  kind: z.string().regex(NAME, 'must be a case kind, e.g. name-correction').optional(),
  stage: z.string().regex(NAME, 'must be a stage, e.g. under_review').optional(),
  account: AccountIdSchema.optional(),
  dueWithin: z
    .string()
    .refine((s) => parseDuration(s) !== undefined, 'must be a duration like 24h, 3d or 1d12h')
    .optional()
    .describe('only cases due within this time (overdue ones included)'),
  closed: z.enum(['true', 'false'], { error: 'must be true or false' }).optional().describe('closed cases instead of open ones'),
  limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(50),
});
export type CaseListQuery = z.output<typeof CaseListQuerySchema>;

export const CaseListSchema = z.object({
  /** Cases that matched (up to the scan limit); `cases` holds the first `limit` of them. */
  total: z.number(),
  cases: z.array(CaseRowSchema),
});
export type CaseList = z.infer<typeof CaseListSchema>;

/** Cases scanned at most: sorting by deadline needs them all, as SQL visibility cannot ORDER BY. */
const MAX_SCAN = 10_000;

export function casesQuery(taskQueue: string, o: Omit<CaseListQuery, 'limit'>, now = Date.now()): string {
  const closed = o.closed === 'true';
  const parts = [`TaskQueue = "${taskQueue}"`, 'CaseKind IS NOT NULL', closed ? 'ExecutionStatus != "Running"' : 'ExecutionStatus = "Running"'];
  // The schema checked each value; checked again here, as this builds a query string.
  if (o.kind !== undefined) parts.push(`CaseKind = "${plain(o.kind, 'kind')}"`);
  if (o.stage !== undefined) parts.push(`CaseStage = "${plain(o.stage, 'stage')}"`);
  if (o.account !== undefined) parts.push(`AccountId = "${AccountIdSchema.parse(o.account)}"`);
  if (o.dueWithin !== undefined) {
    // Overdue cases are due within any window: no lower bound.
    parts.push(`DeadlineAt < "${new Date(now + parseDuration(o.dueWithin)!).toISOString()}"`);
  }
  return parts.join(' AND ');
}

function plain(v: string, field: string): string {
  if (!NAME.test(v)) throw new InvalidInputError(`invalid cases: ${field}: must be a plain name`, [{ field, rule: 'must be a plain name' }]);
  return v;
}

/** Open cases: soonest deadline first, those without one last. Closed ones: most recently closed first. */
export function sortCases(rows: CaseRow[], closed: boolean): CaseRow[] {
  const t = (s?: string) => (s ? Date.parse(s) : Infinity);
  return [...rows].sort((a, b) => (closed ? t(b.closedAt) - t(a.closedAt) : t(a.deadlineAt) - t(b.deadlineAt)));
}

export async function listCases(deps: { client: Client; taskQueue: string }, o: CaseListQuery): Promise<CaseList> {
  const rows: CaseRow[] = [];
  for await (const wf of deps.client.workflow.list({ query: casesQuery(deps.taskQueue, o) })) {
    const sa = wf.typedSearchAttributes;
    rows.push({
      caseRef: sa.get(CaseRef) ?? '',
      kind: sa.get(CaseKind) ?? '',
      accountId: sa.get(AccountId) ?? '',
      stage: sa.get(CaseStage) ?? '',
      deadlineAt: sa.get(DeadlineAt)?.toISOString(),
      status: wf.status.name,
      workflowId: wf.workflowId,
      runId: wf.runId,
      startedAt: wf.startTime.toISOString(),
      closedAt: wf.closeTime?.toISOString(),
    });
    if (rows.length >= MAX_SCAN) break;
  }
  return { total: rows.length, cases: sortCases(rows, o.closed === 'true').slice(0, o.limit) };
}
