import type { z } from 'zod';

/** "field.path: rule; other.field: rule" — the form every validation error takes. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root = '(input)'): string {
  return issues
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : root}: ${i.message}`)
    .join('; ');
}

/** Bad input from a caller: names the field and the rule; nothing was started or changed. */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    message: string,
    readonly issues: { field: string; rule: string }[] = [],
  ) {
    super(message);
  }
}

export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) {
    throw new InvalidInputError(
      `invalid ${what}: ${formatIssues(r.error.issues)}`,
      r.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', rule: i.message })),
    );
  }
  return r.data;
}
