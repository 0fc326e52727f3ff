import { checkProfile } from '../../rules/check-profile';
import { FOLDED_CHARACTER_COUNT } from '../../rules/lookalikes';
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

// Pairs that Unicode's confusables (unhomoglyph) do not list, but a reader takes for the same name.
test.each([
  ['囯务院', '国务院'], // look-alike 囯
  ['団结', '团结'], // Japanese 団
  ['図书', '图书'], // Japanese 図
  ['峯会', '峰会'], // variant 峯
  ['岡山', '冈山'],
  ['戶口', '户口'],
  ['戸口', '户口'], // Japanese 戸
  ['説车', '说车'],
  ['著迷', '着迷'],
  ['皁角', '皂角'],
])('%s and %s normalise alike', (variant, standard) => {
  expect(normalizeName(variant)).toBe(normalizeName(standard));
  expect(pinyinKey(variant)).toBe(pinyinKey(standard));
});

test('the variant table is loaded, and normalising twice changes nothing', () => {
  expect(FOLDED_CHARACTER_COUNT).toBeGreaterThan(5000);
  for (const name of ['峯哥讲历史', '著迷戶外', '岡山旅行', '國務院辦公', '団団美食', '老王説車']) {
    expect(normalizeName(normalizeName(name))).toBe(normalizeName(name));
  }
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

const RESERVED = ['老王说车', '峰哥讲历史', '团团美食', '着迷户外', '岡山旅行', '皂角生活', '国务院办公', 'Official Car'].map(reserved);

describe('evasions a person would see through', () => {
  test.each([
    ['老王説車', '老王说车'], // traditional and Japanese variant forms
    ['我是老王说车粉丝', '老王说车'], // embedded in a longer name
    ['老 王·说-车', '老王说车'], // inserted spaces and symbols
    ['老王\u200B说车', '老王说车'], // an invisible character
    ['laowang老王说车', '老王说车'], // pinyin around the name
    ['LWSC老王说车', '老王说车'], // initials around the name
    ['ＬＷＳＣ老王説车', '老王说车'], // full-width letters, and a variant
    ['峯哥讲历史', '峰哥讲历史'], // variant form 峯
    ['団団美食', '团团美食'], // Japanese 団
    ['著迷戶外', '着迷户外'], // 著 for 着, 戶 for 户
    ['冈山旅行', '岡山旅行'], // simplified for a traditional reserved name
    ['正宗皁角生活馆', '皂角生活'], // look-alike 皁, embedded
    ['Оfficial Саr Fans', 'Official Car'], // Cyrillic О, С and а, embedded
  ])('%s is refused as the reserved name %s', (name, reservedName) => {
    const findings = checkProfile({ name }, protectedWords, RESERVED);
    const refused = findings.filter((f) => f.rule === 'reserved_name' && f.blocking);
    expect(refused).toEqual([expect.objectContaining({ field: 'name', detail: expect.stringContaining(`「${reservedName}」`) })]);
  });

  test.each([
    ['囯务院通知', '国务院'], // look-alike 囯
    ['關注囯務院辦公', '国务院'], // traditional, look-alike, embedded (also the reserved name)
    ['中 央 厨房', '中央'], // spaces
    ['ＸＸ公·安', '公安'], // full-width letters and a symbol
    ['官方の発表', '官方'], // Japanese forms around it
    ['新華社快讯', '新华社'], // traditional
  ])('%s is refused for the protected word %s', (name, word) => {
    const words = checkProfile({ name }, protectedWords, RESERVED)
      .filter((f) => f.rule === 'protected_word')
      .map((f) => f.detail);
    expect(words).toContain(`含有受保护词语「${word}」`);
  });

  test('the sound of a reserved name inside a longer one goes to the reviewer, not refused', () => {
    expect(checkProfile({ name: '我爱老王硕车' }, [], RESERVED)).toEqual([
      expect.objectContaining({ rule: 'similar_to_reserved_name', blocking: false, detail: expect.stringContaining('老王说车') }),
    ]);
    expect(checkProfile({ name: 'laowangshuoche' }, [], RESERVED)).toEqual([
      expect.objectContaining({ rule: 'similar_to_reserved_name', blocking: false }),
    ]);
  });
});

// Ordinary names that only share characters (or a sound) with a reserved name or a protected word.
test.each([
  '王家厨房',
  '小李说车',
  '科技前沿观察',
  '老张说事',
  '李四的日常',
  '法律小课堂',
  '外语学习角',
  '生活记录',
  '平安速报',
  '军旅文艺爱好者',
  '国画爱好者',
  '院子里的花',
  '山峰摄影',
  '团购小助手',
  '户外徒步',
  '肥皂手工坊',
  '历史老王',
  'Car Talk',
])('the ordinary name %s passes', (name) => {
  expect(checkProfile({ name, bio: name }, protectedWords, RESERVED)).toEqual([]);
});

test('a one-character reserved name blocks only itself, not every name that has the character', () => {
  const matches = [reserved('王')];
  expect(checkProfile({ name: '王' }, [], matches)).toEqual([expect.objectContaining({ rule: 'reserved_name' })]);
  expect(checkProfile({ name: '王家厨房' }, [], matches)).toEqual([]);
});
