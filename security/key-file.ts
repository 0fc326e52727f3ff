import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { formatIssues } from '../schemas/errors';

/** A JSON key file a variable names, checked by its schema; an unreadable or malformed one is an error naming the variable. */
export function readKeyFile<S extends z.ZodType>(file: string, variable: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${variable}: cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${variable} (${file}): ${formatIssues(parsed.error.issues)}`);
  return parsed.data;
}
