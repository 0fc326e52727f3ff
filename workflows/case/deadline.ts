/**
 * Deadlines and their reminders, pure so that they can be tested without a server. A reminder slot is
 * "<deadline>|<offset>": moving the deadline makes new slots, and slots already sent stay sent.
 */
export interface Deadline {
  at: string;
  /** When this deadline was set: reminders that fell due before it are not sent. */
  setAt: string;
  reminders: Record<string, 'sent' | 'skipped'>;
  /** What the deadline is for ("both parties confirm"), when a process has several waits one after another. */
  purpose?: string;
  /** A wait that is nobody's to act on (a notice period): no reminders. */
  quiet?: boolean;
}

export interface ReminderSlot {
  slot: string;
  at: number;
  /** How long before the deadline, in ms. */
  before: number;
}

export function newDeadline(setAt: string, windowMs: number): Deadline {
  return { at: new Date(Date.parse(setAt) + windowMs).toISOString(), setAt, reminders: {} };
}

/** Reminder slots of the current deadline not yet sent or skipped, earliest first. */
export function pendingReminders(d: Deadline, remindBeforeMs: readonly number[]): ReminderSlot[] {
  if (d.quiet) return [];
  const at = Date.parse(d.at);
  const setAt = Date.parse(d.setAt);
  return remindBeforeMs
    .map((before) => ({ slot: `${d.at}|${before}`, at: at - before, before }))
    .filter((r) => r.at >= setAt && !d.reminders[r.slot])
    .sort((a, b) => a.at - b.at);
}

/** Why the deadline may not move to `to` (ms), or undefined when it may. */
export function extensionRefusal(
  d: Deadline,
  to: number,
  now: number,
  maxExtensionMs: number,
  opts: { passedIsFinal: boolean },
): string | undefined {
  const current = Date.parse(d.at);
  if (opts.passedIsFinal && now >= current) return `the deadline ${d.at} has passed`;
  if (to <= now) return 'newDeadline: must be in the future';
  if (to <= current) return `newDeadline: must be later than the current deadline ${d.at}`;
  if (to > current + maxExtensionMs) {
    return `newDeadline: may extend the deadline by at most ${maxExtensionMs / 3_600_000} hours at a time`;
  }
  return undefined;
}

/** "72 h" / "30 min" / "2 d": offsets in timer and activity summaries. */
export function shortDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** "2026-12-01 18:00" in mainland time: a fixed +8 h is exact, there has been no daylight saving since 1991. */
export function beijingClock(t: string | number | Date, opts: { seconds?: boolean } = {}): string {
  const iso = new Date(new Date(t).getTime() + 8 * 3_600_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, opts.seconds ? 19 : 16)}`;
}

/** "2026-12-01 18:00 (Beijing time)", as the Temporal UI shows deadlines. */
export function beijingTime(iso: string): string {
  return `${beijingClock(iso)} (Beijing time)`;
}
