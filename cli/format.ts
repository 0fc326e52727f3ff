import { ComplianceApiError } from '../client';
import { beijingClock } from '../workflows/case/deadline';

/** Human output: Beijing times, durations in days and hours, aligned columns. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** "2026-12-01 18:00 北京时间". */
export function beijing(t: string | Date, opts: { seconds?: boolean; label?: boolean } = {}): string {
  const time = beijingClock(t, opts);
  return opts.label === false ? time : `${time} 北京时间`;
}

/** "2 d 3 h", "5 h", "12 min": rounded down, so "in 6 d 23 h" never promises more time than there is. */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return `${h} h`;
  const min = Math.floor(abs / 60_000);
  return min > 0 ? `${min} min` : 'less than a minute';
}

/** "in 2 d 3 h" or "overdue 5 h". */
export function dueIn(t: string | Date, now = Date.now()): string {
  const ms = new Date(t).getTime() - now;
  return ms >= 0 ? `in ${duration(ms)}` : `overdue ${duration(ms)}`;
}

/** Columns a string takes in a terminal: CJK and full-width characters take two. */
export function width(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (/\p{Mn}|\p{Cf}/u.test(ch)) continue;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    w += wide ? 2 : 1;
  }
  return w;
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

/** A table with a header row; the last column is not padded (no trailing blanks). */
export function table(header: string[], rows: string[][], indent = ''): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => indent + cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** "key:   value" lines, values aligned; pairs with an undefined value are left out. */
export function fields(pairs: [string, string | undefined][], indent = ''): string {
  const shown = pairs.filter((p): p is [string, string] => p[1] !== undefined);
  const w = Math.max(...shown.map(([k]) => width(k) + 1));
  return shown.map(([k, v]) => `${indent}${pad(`${k}:`, w)}  ${v}`).join('\n');
}

// ---- Errors in the user's terms ----

/**
 * Schema field path → what the user typed for it: "--avatar", "<accountId>". A path mapped to ''
 * has no flag of its own (a rule over several flags): the rule is printed alone.
 */
export type FlagMap = Record<string, string>;

/** An error already phrased for the user: printed as it is. */
export class CliError extends Error {
  override name = 'CliError';
}

/** "one of name, avatarUrl, bio" → "one of --name, --avatar, --bio": rules that list fields list flags. */
function rewriteRule(rule: string, flags: FlagMap): string {
  const byLeaf = new Map(Object.entries(flags).filter(([, f]) => f).map(([path, f]) => [path.split('.').pop()!, f]));
  return rule.replace(/(one of:? )(.+)$/, (all, head: string, list: string) => {
    const names = list.split(/,\s*/);
    return names.every((n) => byLeaf.has(n)) ? head + names.map((n) => byLeaf.get(n)!).join(', ') : all;
  });
}

function labelled(field: string, rule: string, flags: FlagMap): string {
  const flag = flags[field];
  const r = rewriteRule(rule, flags);
  if (flag === '') return r;
  return `${flag ?? field}: ${r}`;
}

/** Where the API says a field was: "querystring.dueWithin" and "params.accountId" are flags or arguments like the body's. */
const bare = (field: string) => field.replace(/^(querystring|params|headers)\./, '');

/**
 * Rewrites the API's errors, which name schema fields ("profile.avatarUrl: must be an https://
 * URL"), to name the flags instead ("--avatar: must be an https:// URL"). Other errors pass through.
 */
export function inFlagTerms(err: unknown, flags: FlagMap): unknown {
  if (!(err instanceof ComplianceApiError)) return err;
  if (err.issues.length) {
    return new CliError(err.issues.map((i) => labelled(bare(i.field), i.rule, flags)).join('\nerror: '));
  }
  if (err.code === 'action_refused') {
    // "<update> for account X refused: operatorId: "mallory" is not on the roster": the leading field, if it is one.
    const m = /^(.*? refused: )([\w.]+): (.*)$/s.exec(err.message);
    if (m && m[2]! in flags) return new CliError(`${m[1]}${labelled(m[2]!, m[3]!, flags)}`);
  }
  return new CliError(err.message);
}
