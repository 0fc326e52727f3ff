import { findProtectedWords, normalizeName, pinyinKey, type NameFinding } from './names';

import type { ProposedProfile } from '../schemas/name-correction';

export type { ProposedProfile };

export interface ReservedMatch {
  name: string;
  normalized: string;
  pinyinKey: string;
}

/**
 * Reserved names shorter than this are matched only as the whole name, not inside longer ones:
 * a one-character name would otherwise forbid that character everywhere.
 */
export const MIN_EMBEDDED_LENGTH = 2;

/**
 * The automatic checks of a proposed profile (Art. 8 ¶2–3): protected words in name or bio, a reserved
 * name, also inside a longer name (blocking), a name that sounds like a reserved one or has its sound
 * inside it (for the reviewer: "highly similar" needs extra checks, not refusal).
 */
export function checkProfile(
  profile: ProposedProfile,
  protectedWords: readonly string[],
  reservedMatches: readonly ReservedMatch[],
): NameFinding[] {
  const findings: NameFinding[] = [];
  for (const field of ['name', 'bio'] as const) {
    const text = profile[field];
    if (!text) continue;
    for (const w of findProtectedWords(text, protectedWords)) {
      findings.push({ field, rule: 'protected_word', blocking: true, detail: `含有受保护词语「${w}」` });
    }
  }
  if (profile.name) {
    const n = normalizeName(profile.name);
    const k = pinyinKey(profile.name);
    for (const m of reservedMatches) {
      // Normalised again here rather than trusting m.normalized: rows reserved before the normalisation
      // learnt a new fold (e.g. a look-alike) still compare in today's form.
      const rn = normalizeName(m.name);
      const rk = pinyinKey(m.name);
      const embeddable = [...rn].length >= MIN_EMBEDDED_LENGTH;
      if (rn === n) {
        findings.push({ field: 'name', rule: 'reserved_name', blocking: true, detail: `名称「${m.name}」已被永久保留，不得再次使用` });
      } else if (embeddable && n.includes(rn)) {
        findings.push({ field: 'name', rule: 'reserved_name', blocking: true, detail: `含有已被永久保留的名称「${m.name}」，不得使用` });
      } else if (rk === k || (embeddable && rk !== '' && k.includes(rk))) {
        findings.push({ field: 'name', rule: 'similar_to_reserved_name', blocking: false, detail: `与保留名称「${m.name}」高度近似，需加强核验` });
      }
    }
  }
  return findings;
}
