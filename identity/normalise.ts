import { normaliseCreditCode } from './credit-code';
import { normaliseMobile } from './mobile';
import { normaliseResidentId } from './resident-id';
import type { IdentityKind } from './verifier';

/** The one form each value is hashed, sealed and compared in: two spellings of one number are one number. */
export const normaliseNumber = (kind: IdentityKind, n: string) => (kind === 'resident_id' ? normaliseResidentId(n) : normaliseCreditCode(n));
export { normaliseMobile };

/** Registered names: full-width forms folded (NFKC), outer spaces dropped, inner runs of space made one. */
export const normaliseLegalName = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ');
