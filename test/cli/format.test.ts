import { casesQuery, parseDuration, sortCases, type CaseRow } from '../../api/queue/case-list';
import { ComplianceApiError } from '../../client';
import { beijing, CliError, dueIn, duration, inFlagTerms, table } from '../../cli/format';
import { InvalidInputError } from '../../schemas/errors';

// The CLI's pure parts, without servers: what cli.test.ts cannot reach in a few seconds (overdue, no deadline).

const H = 3_600_000;

test('times in Beijing time, durations in days and hours, rounded down', () => {
  expect(beijing('2026-12-01T10:00:00Z')).toBe('2026-12-01 18:00 北京时间');
  expect(beijing('2026-12-01T16:30:05Z', { seconds: true, label: false })).toBe('2026-12-02 00:30:05');
  expect(duration(2 * 24 * H + 3 * H + 59 * 60_000)).toBe('2 d 3 h');
  expect(duration(3 * 24 * H)).toBe('3 d');
  expect(duration(5 * H + 10 * 60_000)).toBe('5 h');
  expect(duration(42 * 60_000)).toBe('42 min');
  const now = Date.parse('2026-12-01T10:00:00Z');
  expect(dueIn('2026-12-08T09:59:00Z', now)).toBe('in 6 d 23 h');
  expect(dueIn('2026-12-01T04:30:00Z', now)).toBe('overdue 5 h');
});

test('tables align CJK text by its display width', () => {
  expect(table(['A', 'B'], [['国务院', 'x'], ['ab', 'y']])).toBe('A       B\n国务院  x\nab      y');
});

test('cases: the query, and the queue order (soonest deadline first, none last; closed: newest first)', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  expect(casesQuery('q1', { kind: 'name-correction', stage: 'under_review', account: 'acc-1', dueWithin: '1d12h' }, now)).toBe(
    'TaskQueue = "q1" AND CaseKind IS NOT NULL AND ExecutionStatus = "Running" AND CaseKind = "name-correction" AND CaseStage = "under_review" AND AccountId = "acc-1" AND DeadlineAt < "2026-12-02T12:00:00.000Z"',
  );
  expect(casesQuery('q1', { closed: 'true' })).toBe('TaskQueue = "q1" AND CaseKind IS NOT NULL AND ExecutionStatus != "Running"');
  // A quote would change the query: refused, naming the flag.
  expect(() => casesQuery('q1', { stage: 'x" OR "1"="1' })).toThrow(InvalidInputError);
  expect(parseDuration('24h')).toBe(24 * H);
  expect(parseDuration('3d')).toBe(72 * H);
  expect(parseDuration('90m')).toBe(1.5 * H);
  expect(parseDuration('soon')).toBeUndefined();

  const row = (caseRef: string, deadlineAt?: string, closedAt?: string): CaseRow => ({
    caseRef, kind: 'k', accountId: 'a', stage: 's', deadlineAt, closedAt, status: 'RUNNING', workflowId: caseRef, runId: '', startedAt: '',
  });
  const open = [row('none'), row('late', '2026-12-09T00:00:00Z'), row('soon', '2026-12-02T00:00:00Z')];
  expect(sortCases(open, false).map((r) => r.caseRef)).toEqual(['soon', 'late', 'none']);
  const closed = [row('old', undefined, '2026-11-01T00:00:00Z'), row('new', undefined, '2026-11-20T00:00:00Z')];
  expect(sortCases(closed, true).map((r) => r.caseRef)).toEqual(['new', 'old']);
});

test("errors: the API's fields become the flags typed, in issues and in refusals; other errors pass through", () => {
  const flags = { 'profile.avatarUrl': '--avatar', 'profile.name': '--name', 'profile.bio': '--bio', profile: '', dueWithin: '--due-within', submissionNo: '--submission' };
  const invalid = new ComplianceApiError(400, 'invalid_input', 'invalid submitCorrection: profile.avatarUrl: must be an https:// URL', [
    { field: 'profile.avatarUrl', rule: 'must be an https:// URL' },
    { field: 'profile', rule: 'must change at least one of name, avatarUrl, bio' },
    { field: 'other', rule: 'is required' },
    { field: 'querystring.dueWithin', rule: 'must be a duration like 24h, 3d or 1d12h' },
  ]);
  const out = inFlagTerms(invalid, flags);
  expect(out).toBeInstanceOf(CliError);
  expect((out as Error).message).toBe(
    '--avatar: must be an https:// URL\nerror: must change at least one of --name, --avatar, --bio\nerror: other: is required\nerror: --due-within: must be a duration like 24h, 3d or 1d12h',
  );

  const refused = new ComplianceApiError(409, 'action_refused', 'reviewCorrection for account X refused: submissionNo: no correction 7 under review');
  expect((inFlagTerms(refused, flags) as Error).message).toBe('reviewCorrection for account X refused: --submission: no correction 7 under review');
  const stage = new ComplianceApiError(409, 'action_refused', 'reviewCorrection for account X refused: cannot review: the case is checking');
  expect((inFlagTerms(stage, flags) as Error).message).toBe('reviewCorrection for account X refused: cannot review: the case is checking');
  const other = new Error('socket hang up');
  expect(inFlagTerms(other, flags)).toBe(other);
});
