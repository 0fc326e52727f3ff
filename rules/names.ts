import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import unhomoglyph from 'unhomoglyph';
import { INVISIBLE_CHARACTERS } from '../schemas/common';
import { foldLookalikes } from './lookalikes';

// Traditional (incl. Taiwan/Hong Kong forms) to mainland simplified: "國務院" must match "国务院".
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const toSimplifiedHk = OpenCC.Converter({ from: 'hk', to: 'cn' });

// Invisible characters must not separate the words of a name.
const INVISIBLE = new RegExp(INVISIBLE_CHARACTERS.source, 'gu');

/**
 * The form in which two names count as the same name (Art. 8 ¶3): full-width folded (NFKC),
 * Latin/Cyrillic look-alike letters folded (Unicode confusables), traditional characters simplified,
 * CJK variants and look-alikes folded to one representative (rules/lookalikes.ts: 囯→国, 団→团, 峰→峯),
 * case, spaces and punctuation dropped.
 */
export function normalizeName(name: string): string {
  const folded = unhomoglyph(name.normalize('NFKC'));
  // Simplify first (opencc converts whole phrases best), then fold what is left of the variants.
  return foldLookalikes(toSimplifiedHk(toSimplified(folded)))
    .toLowerCase()
    .replace(INVISIBLE, '')
    .replace(/[\p{P}\p{S}\p{Z}\s]/gu, '');
}

/** Toneless pinyin of the normalised name: "国务院" and "囯务阮" differ, but "国务院" and "國務院" or "国务苑" sound alike. */
export function pinyinKey(name: string): string {
  return pinyin(normalizeName(name), { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');
}

export interface NameFinding {
  field: 'name' | 'bio';
  rule: 'protected_word' | 'reserved_name' | 'similar_to_reserved_name';
  /** Blocking findings reject a correction automatically; the others go to the reviewer. */
  blocking: boolean;
  detail: string;
}

/** Protected words a text contains, compared in normalised form so "國務院" or "国 务 院" do not slip through. */
export function findProtectedWords(text: string, protectedWords: readonly string[]): string[] {
  const t = normalizeName(text);
  return protectedWords.filter((w) => t.includes(normalizeName(w)));
}
