import { parsePolicy } from '../../policy/policy';
import { ACCOUNT_TRANSFER_PATHS } from './account-transfer';
import { NAME_CORRECTION_PATHS } from './name-correction';
import { REGISTRATION_PATHS } from './registration';
import { UNAUTHORISED_TRANSFER_PATHS } from './unauthorised-transfer';
import { VOLUNTARY_CLOSURE_PATHS } from './voluntary-closure';
import { qualifiedName, type CasePath, type ProcessPaths } from './types';

/** Every process the benchmark runs, in report order; a new process adds its file here. */
export const PROCESS_PATHS: ProcessPaths[] = [NAME_CORRECTION_PATHS, REGISTRATION_PATHS, ACCOUNT_TRANSFER_PATHS, UNAUTHORISED_TRANSFER_PATHS, VOLUNTARY_CLOSURE_PATHS];

export const PATHS: CasePath[] = PROCESS_PATHS.flatMap((p) => p.paths);

/**
 * The short-deadline worker's POLICY_FILE: each process's section shortened to minutes (its paths file
 * says how). One worker runs every process's short paths, so the sections share one file.
 */
export const SHORT_POLICY_FILE: Record<string, unknown> = Object.assign({ version: 'bench-short-deadlines' }, ...PROCESS_PATHS.map((p) => p.shortPolicy ?? {}));
// Validated when the benchmark loads, not when the worker starts.
parsePolicy(SHORT_POLICY_FILE);

/**
 * The paths `--paths` names, in report order: `<process>/<path>`, a process's kind (all its paths) or a
 * bare path name, which must name one path only.
 */
export function selectPaths(names: string[]): CasePath[] {
  const wanted = new Set<CasePath>();
  const problems: string[] = [];
  for (const n of names) {
    const exact = PATHS.filter((p) => qualifiedName(p) === n);
    const ofProcess = PATHS.filter((p) => p.process.process.kind === n);
    const bare = PATHS.filter((p) => p.name === n);
    const found = exact.length ? exact : ofProcess.length ? ofProcess : bare;
    if (!found.length) problems.push(`unknown "${n}"`);
    else if (found === bare && bare.length > 1) problems.push(`"${n}" is a path of several processes: say which (${bare.map(qualifiedName).join(', ')})`);
    else found.forEach((p) => wanted.add(p));
  }
  if (problems.length) throw new Error(`--paths: ${problems.join('; ')}; paths are ${PATHS.map(qualifiedName).join(', ')}`);
  return PATHS.filter((p) => wanted.has(p));
}

export { qualifiedName, budgetSection, type BenchDeps, type CasePath, type PathPolicy } from './types';
