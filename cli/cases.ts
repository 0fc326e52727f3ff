import type { Command } from 'commander';
import type { CaseRow } from '../api/queue/case-list';
import { run } from './deps';
import { beijing, dueIn, table } from './format';

/** `cases`: the work queue, from the API (GET /v1/cases). */

interface CasesOptions {
  kind?: string;
  stage?: string;
  account?: string;
  dueWithin?: string;
  closed?: boolean;
  limit: string;
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
    // Passed as typed: the API checks it and says what is wrong in the flag's terms.
    .option('--limit <n>', 'show at most n cases', '50')
    .action((o: CasesOptions) =>
      run({
        flags: { kind: '--kind', stage: '--stage', account: '--account', dueWithin: '--due-within', limit: '--limit', closed: '--closed' },
        work: ({ api }) =>
          api.cases.list({ kind: o.kind, stage: o.stage, account: o.account, dueWithin: o.dueWithin, closed: o.closed, limit: o.limit as unknown as number }),
        human: (out) => render(out.cases, o, out.total),
      }),
    );
}
