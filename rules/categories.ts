import type { ContentCategory } from '../store/accounts';

/**
 * Art. 9: accounts producing economy, education, health or judicial content need professional
 * qualification materials, verified; they then show a special badge. The one list.
 */
export const REGULATED_CATEGORIES = ['economy', 'education', 'health', 'judicial'] as const satisfies readonly ContentCategory[];
export type RegulatedCategory = (typeof REGULATED_CATEGORIES)[number];

export const isRegulated = (c: string): c is RegulatedCategory => (REGULATED_CATEGORIES as readonly string[]).includes(c);
