import { eventText } from './name-correction';
import { beijing, dueIn, fields, table } from './format';

/**
 * What a case of any process shows in the CLI: its header (stage, awaiting, outcome, deadline) and its
 * events. Kernel events read the same in every process (eventText); a process's own show their fields.
 */
export interface CaseView {
  caseRef: string;
  kind: string;
  accountId: string;
  stage: string;
  openedAt: string;
  openedBy: string;
  deadline?: { at: string; purpose?: string };
  closure?: { outcome: string; cause: string };
}

export function caseViewHeader(s: CaseView, o: { article: string; awaiting: string; running: boolean }, now = Date.now()): string {
  const d = s.deadline;
  const deadline = d ? `${beijing(d.at)}${d.purpose ? ` — ${d.purpose}` : ''}${s.closure ? '' : o.running ? ` (${dueIn(d.at, now)})` : ' (not running)'}` : undefined;
  return fields([
    ['case', `${s.caseRef} (${s.kind}, ${o.article})`],
    ['account', s.accountId],
    ['stage', s.stage],
    ['awaiting', s.closure ? undefined : o.awaiting],
    ['outcome', s.closure ? `${s.closure.outcome} (${s.closure.cause.replace(/_/g, ' ')})` : undefined],
    ['deadline', deadline],
    ['opened', `${beijing(s.openedAt)} by ${s.openedBy}`],
  ]);
}

/** Events every process shares (the case layer's): they read as name correction's CLI words them. */
const KERNEL = new Set(['deadline_extended', 'deadline_passed', 'reminder_sent', 'reminder_skipped', 'notice_sent', 'notice_failed', 'measure_imposed', 'measure_lifted', 'closed']);

type Event = { seq: number; at: string; by: string; type: string } & Record<string, unknown>;

/** A process's own event in a few words: its type and fields. */
function ownText(e: Event): string {
  const { seq: _seq, at: _at, by: _by, via, type, terms: _terms, ...rest } = e;
  const fieldsText = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ');
  return `${type.replace(/_/g, ' ')}${fieldsText ? `: ${fieldsText}` : ''}${via ? ` (via ${String(via)})` : ''}`;
}

export function caseViewEvents(events: Event[]): string {
  const text = (e: Event) =>
    e.type === 'deadline_set' ? `deadline set: ${beijing(String(e.to))} — ${String(e.purpose)}` : KERNEL.has(e.type) ? eventText(e as unknown as Parameters<typeof eventText>[0]) : ownText(e);
  const rows = events.map((e) => [String(e.seq), beijing(e.at, { seconds: true, label: false }), e.by, text(e)]);
  return ['events:', table(['#', 'TIME (北京时间)', 'BY', 'WHAT'], rows, '  ')].join('\n');
}
