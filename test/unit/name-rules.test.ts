import { checkProfile } from '../../rules/check-profile';
import { normalizeName, pinyinKey } from '../../rules/names';
import { DEFAULT_POLICY } from '../../policy/default-policy';

const reserved = (name: string) => ({ name, normalized: normalizeName(name), pinyinKey: pinyinKey(name) });
const protectedWords = DEFAULT_POLICY.names.protectedWords;

test.each([
  ['國務院', '国务院'], // traditional → simplified
  ['国 务·院！', '国务院'], // spaces and punctuation
  ['ＡＢＣ新闻', 'abc新闻'], // full-width
  ['Оfficial', 'official'], // Cyrillic О looks like Latin O
  ['国\u200B务\u2060院\u00AD', '国务院'], // invisible characters
])('normalizeName(%s) = %s', (input, expected) => {
  expect(normalizeName(input)).toBe(expected);
});

test('protected words are found in name and bio, however written', () => {
  const findings = checkProfile({ name: '國務院發布', bio: '官 方 认证' }, protectedWords, []);
  expect(findings.map((f) => [f.field, f.rule, f.blocking])).toEqual([
    ['name', 'protected_word', true],
    ['bio', 'protected_word', true],
  ]);
});

test('a reserved name is refused; one that sounds the same goes to the reviewer', () => {
  const matches = [reserved('老王说车')];
  expect(checkProfile({ name: '老王說車' }, [], matches)).toEqual([expect.objectContaining({ rule: 'reserved_name', blocking: true })]);
  expect(checkProfile({ name: '老王硕车' }, [], matches)).toEqual([
    expect.objectContaining({ rule: 'similar_to_reserved_name', blocking: false }),
  ]);
  expect(checkProfile({ name: '小李说车' }, protectedWords, matches)).toEqual([]);
});
