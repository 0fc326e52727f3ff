import { PROVINCE_CODES, type IdentityProblem } from './problem';

/*
 * The unified social credit code of an organisation, GB 32100-2015. Layout: 1 registering authority,
 * 1 organisation type, 6 region digits (GB/T 2260), 9 organisation code (GB 11714 body with its own
 * check character), 1 check character over the first 17 (mod 31). Letters I, O, Z, S, V are never used.
 * No library: those on npm answer true/false; we need the reason (see resident-id.ts).
 */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registering authority (1st character) → the organisation types (2nd) it registers, per GB 32100
 * Table 1: 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (market
 * regulation), A 中央军委改革和编制办公室, N 农业, Y 其他. Type 9 is each authority's "other".
 */
const AUTHORITY_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '1234569',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** The check character the first 17 characters call for. */
export function creditCodeCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(body17[i]!) * WEIGHTS[i]!;
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function normaliseCreditCode(s: string): string {
  return s.trim().toUpperCase();
}

/** The first rule the code breaks, or undefined when it is well formed. */
export function checkCreditCode(s: string): IdentityProblem | undefined {
  const n = normaliseCreditCode(s);
  if (n.length !== 18) return { code: 'length', message: `统一社会信用代码应为18位 (it has ${n.length} characters)` };
  const bad = [...n].findIndex((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad >= 0) {
    return { code: 'characters', message: `统一社会信用代码含非法字符 (character ${bad + 1}, "${n[bad]}", is not used: only digits and letters other than I, O, Z, S, V)` };
  }
  const types = AUTHORITY_TYPES[n[0]!];
  if (!types) return { code: 'authority', message: `统一社会信用代码登记管理部门码错误 (the first character "${n[0]}" names no registering authority)` };
  if (!types.includes(n[1]!)) {
    return { code: 'organisation_type', message: `统一社会信用代码机构类别码错误 (authority "${n[0]}" registers no organisation type "${n[1]}"): check the second character` };
  }
  // Region: a province-level code, or 10 for bodies registered nationally (100000).
  const province = n.slice(2, 4);
  if (!/^\d{6}$/.test(n.slice(2, 8)) || !(PROVINCE_CODES.has(province) || province === '10')) {
    return { code: 'region', message: `统一社会信用代码行政区划码错误 ("${n.slice(2, 8)}" is no region code): check characters 3 to 8` };
  }
  const expected = creditCodeCheckCharacter(n.slice(0, 17));
  if (n[17] !== expected) {
    return { code: 'check_digit', message: `统一社会信用代码校验位错误 (the check character should be ${expected}, not ${n[17]}): check the last character, or one before it` };
  }
  return undefined;
}
