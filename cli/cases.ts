import type { Command } from 'commander';
import { AccountIdSchema } from '../schemas/common';
import { InvalidInputError, parseInput } from '../schemas/errors';
import { AccountId, CaseKind, CaseRef, CaseStage, DeadlineAt } from '../workflows/search-attributes';
import { run } from './deps';
import { beijing, dueIn, table } from './format';

/** `cases`: the work queue, from Temporal visibility (the search attributes every case publishes). */

export interface CaseRow {
  caseRef: string;
  kind: string;
  accountId: string;
  stage: string;
  deadlineAt?: string;
  status: string;
  workflowId: string;
  runId: string;
  startedAt: string;
  closedAt?: string;
}

interface CasesOptions {
  kind?: string;
  stage?: string;
  account?: string;
  dueWithin?: string;
  closed?: boolean;
  limit: number;
}

/** Cases scanned at most: sorting by deadline needs them all, as SQL visibility cannot ORDER BY. */
const MAX_SCAN = 10_000;

/** "24h", "3d", "1d12h", "90m" → ms. */
export function parseDuration(s: string): number | undefined {
  const m = /^\s*(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$/i.exec(s);
  if (!m || !(m[1] || m[2] || m[3])) return undefined;
  return (Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 3_600_000 + Number(m[3] ?? 0) * 60_000;
}

// Values go into a visibility query: only plain names, so that a quote cannot change the query.
const NAME = /^[a-z][a-z0-9_-]{0,63}$/;
function bad(field: string, rule: string): InvalidInputError {
  return new InvalidInputError(`invalid cases: ${field}: ${rule}`, [{ field, rule }]);
}

export function casesQuery(taskQueue: string, o: Omit<CasesOptions, 'limit'>, now = Date.now()): string {
  const parts = [`TaskQueue = "${taskQueue}"`, 'CaseKind IS NOT NULL', o.closed ? 'ExecutionStatus != "Running"' : 'ExecutionStatus = "Running"'];
  if (o.kind !== undefined) {
    if (!NAME.test(o.kind)) throw bad('kind', 'must be a case kind, e.g. name-correction');
    parts.push(`CaseKind = "${o.kind}"`);
  }
  if (o.stage !== undefined) {
    if (!NAME.test(o.stage)) throw bad('stage', 'must be a stage, e.g. under_review');
    parts.push(`CaseStage = "${o.stage}"`);
  }
  if (o.account !== undefined) parts.push(`AccountId = "${parseInput(AccountIdSchema, o.account, 'account')}"`);
  if (o.dueWithin !== undefined) {
    const ms = parseDuration(o.dueWithin);
    if (ms === undefined) throw bad('dueWithin', 'must be a duration like 24h, 3d or 1d12h');
    // Overdue cases are due within any window: no lower bound.
    parts.push(`DeadlineAt < "${new Date(now + ms).toISOString()}"`);
  }
  return parts.join(' AND ');
}

/** Open cases: soonest deadline first, those without one last. Closed ones: most recently closed first. */
export function sortCases(rows: CaseRow[], closed: boolean): CaseRow[] {
  const t = (s?: string) => (s ? Date.parse(s) : Infinity);
  return [...rows].sort((a, b) => (closed ? t(b.closedAt) - t(a.closedAt) : t(a.deadlineAt) - t(b.deadlineAt)));
}

function render(rows: CaseRow[], o: CasesOptions, total: number): string {
  if (!rows.length) return o.closed ? 'no closed cases match' : 'no open cases match';
  const now = Date.now();
  const body = o.closed
    ? table(
        ['CASE', 'KIND', 'ACCOUNT', 'STAGE', 'CLOSED (北京时间)'],
        rows.map((r) => [r.caseRef, r.kind, r.accountId, r.stage, r.closedAt ? beijing(r.closedAt, { label: false }) : '-']),
      )
    : table(
        ['CASE', 'KIND', 'ACCOUNT', 'STAGE', 'DEADLINE (北京时间)', 'DUE'],
        rows.map((r) => [r.caseRef, r.kind, r.accountId, r.stage, r.deadlineAt ? beijing(r.deadlineAt, { label: false }) : '-', r.deadlineAt ? dueIn(r.deadlineAt, now) : 'no deadline']),
      );
  const more = total > rows.length ? `\n(${rows.length} of ${total} shown; --limit for more)` : '';
  return body + more;
}

export function registerCases(program: Command): void {
  program
    .command('cases')
    .description('the work queue: open cases, soonest deadline first')
    .option('--kind <kind>', 'only cases of this kind, e.g. name-correction')
    .option('--stage <stage>', 'only cases in this stage, e.g. under_review')
    .option('--account <accountId>', "only this account's cases")
    .option('--due-within <duration>', 'only cases due within this time (overdue ones included), e.g. 24h, 3d')
    .option('--closed', 'closed cases instead of open ones, most recently closed first')
    .option('--limit <n>', 'show at most n cases', (v) => Number(v), 50)
    .action((o: CasesOptions) =>
      run({
        needs: 'temporal',
        flags: { kind: '--kind', stage: '--stage', account: '--account', '(input)': '--account', dueWithin: '--due-within', limit: '--limit' },
        work: async (deps) => {
          if (!Number.isInteger(o.limit) || o.limit < 1) throw bad('limit', 'must be a whole number of at least 1');
          const query = casesQuery(deps.taskQueue, o);
          const rows: CaseRow[] = [];
          for await (const wf of deps.client.workflow.list({ query })) {
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
          return { total: rows.length, cases: sortCases(rows, !!o.closed).slice(0, o.limit) };
        },
        human: (out) => render(out.cases, o, out.total),
      }),
    );
}
