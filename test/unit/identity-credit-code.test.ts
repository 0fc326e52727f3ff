import fc from 'fast-check';
import { CREDIT_CODE_ALPHABET, checkCreditCode, creditCodeCheckCharacter } from '../../identity/credit-code';

test.each([
  // GB 32100-2015, appendix A: the standard's own example.
  ['91350100M000100Y43'],
  // Codes published on the companies' business licences (national enterprise credit information system):
  ['9144030010001686XA'], // 招商银行股份有限公司
  ['9144030071526726XG'], // 腾讯科技（深圳）有限公司
  ['91330100716105852F'], // 阿里巴巴（中国）有限公司
])('published code %s passes', (code) => {
  expect(checkCreditCode(code)).toBeUndefined();
  expect(checkCreditCode(code.toLowerCase())).toBeUndefined();
});

test.each([
  ['91350100M000100Y44', 'check_digit', 'should be 3, not 4'],
  ['91350100M000100Y4', 'length', 'it has 17'],
  ['91350100M000I00Y43', 'characters', 'character 13, "I"'],
  ['Z1350100M000100Y43', 'characters', 'character 1, "Z"'],
  ['B1350100M000100Y43', 'authority', '"B"'],
  ['95350100M000100Y43', 'organisation_type', 'no organisation type "5"'],
  ['91990100M000100Y43', 'region', '"990100"'],
])('%s is refused: %s', (code, rule, words) => {
  const p = checkCreditCode(code);
  expect(p?.code).toBe(rule);
  expect(p?.message).toContain(words);
});

const char = fc.constantFrom(...CREDIT_CODE_ALPHABET);
const validBody = fc
  .tuple(fc.constantFrom('91', '92', '93', '11', '12', '51', '52', '53', 'Y1'), fc.constantFrom('110105', '350100', '440300', '100000'), fc.array(char, { minLength: 9, maxLength: 9 }))
  .map(([head, region, rest]) => head + region + rest.join(''));

test('any well-formed body with its computed check character passes', () => {
  fc.assert(fc.property(validBody, (body) => checkCreditCode(body + creditCodeCheckCharacter(body)) === undefined));
});

test('any change of one character of a valid code is refused (mod 31 with these weights catches every single error)', () => {
  fc.assert(
    fc.property(validBody, fc.integer({ min: 0, max: 17 }), char, (body, at, c) => {
      const valid = body + creditCodeCheckCharacter(body);
      fc.pre(valid[at] !== c);
      return checkCreditCode(valid.slice(0, at) + c + valid.slice(at + 1)) !== undefined;
    }),
  );
});
