import fc from 'fast-check';
import { maskIdNumber, maskMobile, maskCreditCode } from '../../identity/mask';
import { checkMobile, normaliseMobile } from '../../identity/mobile';
import { checkResidentId, residentIdCheckCharacter } from '../../identity/resident-id';

const TODAY = new Date('2026-12-01T00:00:00Z');

// GB 11643-1999, appendix: the standard's worked example (北京市朝阳区, born 1949-12-31, sequence 002, check X).
const STANDARD_EXAMPLE = '11010519491231002X';

test("the standard's worked example passes, also with a lower-case x", () => {
  expect(checkResidentId(STANDARD_EXAMPLE, TODAY)).toBeUndefined();
  expect(checkResidentId('11010519491231002x', TODAY)).toBeUndefined();
  expect(residentIdCheckCharacter(STANDARD_EXAMPLE.slice(0, 17))).toBe('X');
});

test.each([
  ['110105194912310021', 'check_digit', 'should be X, not 1'],
  ['11010519491231002', 'length', 'it has 17'],
  ['11010519491231002XX', 'length', 'it has 19'],
  ['1101051949123100X2', 'characters', 'only digits'],
  ['11010519491231 02X', 'characters', 'only digits'],
  ['99010519491231002X', 'region', 'first two digits 99'],
  ['11000019491231002X', 'region', 'whole province'],
  ['11010519490231002X', 'birth_date', '19490231 is not a date'],
  ['11010518991231002X', 'birth_date', 'before 1900'],
  ['11010520301231002X', 'birth_date', 'in the future'],
])('%s is refused: %s (%s)', (n, code, words) => {
  const p = checkResidentId(n, TODAY);
  expect(p?.code).toBe(code);
  expect(p?.message).toContain(words);
});

test('a city without counties (东莞 441900) issues numbers under a code ending in 00', () => {
  const body = '44190019900101123';
  expect(checkResidentId(body + residentIdCheckCharacter(body), TODAY)).toBeUndefined();
});

const provinces = fc.constantFrom('11', '31', '44', '65', '82');
const validBody = fc
  .tuple(provinces, fc.integer({ min: 1, max: 9999 }), fc.date({ min: new Date('1900-01-01'), max: TODAY, noInvalidDate: true }), fc.integer({ min: 0, max: 999 }))
  .map(([p, county, born, seq]) =>
    `${p}${String(county).padStart(4, '0')}${born.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`,
  );

test('any well-formed body with its computed check character passes', () => {
  fc.assert(fc.property(validBody, (body) => checkResidentId(body + residentIdCheckCharacter(body), TODAY) === undefined));
});

test('any change of one character of a valid number is refused (MOD 11-2 catches every single error)', () => {
  fc.assert(
    fc.property(validBody, fc.integer({ min: 0, max: 17 }), fc.constantFrom(...'0123456789X'), (body, at, c) => {
      const valid = body + residentIdCheckCharacter(body);
      fc.pre(valid[at] !== c);
      const changed = valid.slice(0, at) + c + valid.slice(at + 1);
      return checkResidentId(changed, TODAY) !== undefined;
    }),
  );
});

test.each([
  ['13812345678', '13812345678'],
  ['+86 138 1234 5678', '13812345678'],
  ['86-138-1234-5678', '13812345678'],
  ['0086 19912345678', '19912345678'],
])('mobile %s is accepted as %s', (raw, n) => {
  expect(checkMobile(raw)).toBeUndefined();
  expect(normaliseMobile(raw)).toBe(n);
});

test.each([
  ['12812345678', 'mobile_prefix'],
  ['1381234567', 'length'],
  ['138123456789', 'length'],
  ['138-1234-567a', 'characters'],
  ['010 6512 3456', 'mobile_prefix'], // a Beijing landline: 11 digits, but not a mobile,
])('mobile %s is refused: %s', (raw, code) => {
  expect(checkMobile(raw)?.code).toBe(code);
});

test('masks keep the region and the last four, and nothing in between', () => {
  expect(maskIdNumber(STANDARD_EXAMPLE)).toBe('110105********002X');
  expect(maskCreditCode('91350100M000100Y43')).toBe('9135**********0Y43');
  expect(maskMobile('13812345678')).toBe('138****5678');
});
