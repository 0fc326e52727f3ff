import { parsePolicy } from '../../policy/policy';

/** The default policy, as the benchmark's default worker runs it: for paths that need its figures. */
export const DEFAULT_POLICY = parsePolicy({});
