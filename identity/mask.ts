/** The forms shown to people: enough to recognise one's own number, not enough to use someone else's. */

/** 110105********123X: region and the last four (as on bank and railway tickets). */
export function maskIdNumber(n: string): string {
  return n.length <= 10 ? '*'.repeat(n.length) : `${n.slice(0, 6)}${'*'.repeat(n.length - 10)}${n.slice(-4)}`;
}

/** 9135**********0Y43: authority, type and province, and the last four. */
export function maskCreditCode(n: string): string {
  return n.length <= 8 ? '*'.repeat(n.length) : `${n.slice(0, 4)}${'*'.repeat(n.length - 8)}${n.slice(-4)}`;
}

/** 138****5678 */
export function maskMobile(n: string): string {
  return n.length < 11 ? '*'.repeat(n.length) : `${n.slice(0, 3)}****${n.slice(-4)}`;
}
