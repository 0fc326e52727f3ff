import { PROVINCE_CODES, type IdentityProblem } from './problem';

/*
 * The resident identity card number, GB 11643-1999. Why no library: `validator`'s isIdentityCard('zh-CN')
 * and the small "china id card" packages answer only true/false (or throw), and a person who mistyped
 * one digit needs to hear which rule broke and what to look at. The rules are short and fixed by the
 * standard, so they are written out here and tested against the standard's own example.
 *
 * Layout: 6 region digits (GB/T 2260), 8 birth-date digits (YYYYMMDD), 3 sequence digits (odd for men,
 * even for women), 1 check character (ISO 7064 MOD 11-2: 0–9 or X for 10).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each value of (Σ aᵢ·Wᵢ) mod 11. */
const CHECK = '10X98765432';

/** The check character the first 17 digits call for. */
export function residentIdCheckCharacter(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Upper-cases a final x: people and OCR both write it in lower case. */
export function normaliseResidentId(s: string): string {
  return s.trim().toUpperCase();
}

/**
 * The region: its first two digits must be a province-level code. The rest is checked for shape only:
 * a number keeps the code of the county where it was issued for life, even after that county was
 * merged or renamed, so today's list of codes would refuse real numbers. One shape is refused: a code
 * ending in 0000 names a whole province, never a place of residence. Codes ending in 00 stay allowed:
 * cities without counties (东莞 441900, 中山 442000, 嘉峪关 620200) issue numbers under them.
 */
function regionProblem(region: string): IdentityProblem | undefined {
  if (!PROVINCE_CODES.has(region.slice(0, 2))) {
    return { code: 'region', message: `身份证号码地址码错误 (the first two digits ${region.slice(0, 2)} are no province's code): check the first six digits` };
  }
  if (region.endsWith('0000')) {
    return { code: 'region', message: `身份证号码地址码错误 (${region} names a whole province, not a county): check the first six digits` };
  }
  return undefined;
}

function birthDateProblem(date: string, today: Date): IdentityProblem | undefined {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(4, 6));
  const d = Number(date.slice(6, 8));
  const at = new Date(Date.UTC(y, m - 1, d));
  const real = at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d;
  if (!real) return { code: 'birth_date', message: `身份证号码出生日期错误 (${date} is not a date): check digits 7 to 14` };
  if (y < 1900) return { code: 'birth_date', message: `身份证号码出生日期错误 (${date} is before 1900): check digits 7 to 14` };
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (at.getTime() > todayUtc) return { code: 'birth_date', message: `身份证号码出生日期错误 (${date} is in the future): check digits 7 to 14` };
  return undefined;
}

/** The first rule the number breaks, or undefined when it is well formed. `today` bounds the birth date. */
export function checkResidentId(s: string, today: Date = new Date()): IdentityProblem | undefined {
  const n = normaliseResidentId(s);
  if (n.length !== 18) {
    return { code: 'length', message: `身份证号码应为18位 (it has ${n.length} characters): the 15-digit numbers of first-generation cards are no longer accepted` };
  }
  if (!/^\d{17}[\dX]$/.test(n)) {
    return { code: 'characters', message: '身份证号码格式错误 (only digits, and X as the last character, are allowed): check for letters or spaces' };
  }
  const problem = regionProblem(n.slice(0, 6)) ?? birthDateProblem(n.slice(6, 14), today);
  if (problem) return problem;
  const expected = residentIdCheckCharacter(n.slice(0, 17));
  if (n[17] !== expected) {
    return { code: 'check_digit', message: `身份证号码校验位错误 (the check digit should be ${expected}, not ${n[17]}): check the last character, or a digit before it` };
  }
  return undefined;
}
