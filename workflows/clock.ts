/**
 * Workflow time. Inside a workflow the SDK replaces `Date` with a deterministic clock (the time of the
 * current workflow task), so these are replay-safe; the lint bans `Date.now()` elsewhere in workflows/
 * so that every read of the clock goes through here.
 */
export function now(): number {
  return Date.now();
}

export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
