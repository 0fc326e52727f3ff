import type { IdentityProblem } from './problem';

/**
 * Mainland China mobile numbers: 11 digits starting 13–19. People write them with +86 or 86 in front
 * and with spaces or hyphens between groups; those are accepted and dropped.
 */
export function normaliseMobile(s: string): string {
  const compact = s.trim().replace(/[\s-]/g, '');
  const national = compact.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return national;
}

export function checkMobile(s: string): IdentityProblem | undefined {
  const n = normaliseMobile(s);
  if (!/^\d+$/.test(n)) return { code: 'characters', message: '手机号码格式错误 (only digits, with an optional +86 and spaces or hyphens, are allowed)' };
  if (n.length !== 11) return { code: 'length', message: `手机号码应为11位 (it has ${n.length} digits, without +86)` };
  if (!/^1[3-9]/.test(n)) return { code: 'mobile_prefix', message: `手机号码号段错误 (a mainland mobile number starts 13 to 19, not ${n.slice(0, 2)})` };
  return undefined;
}
