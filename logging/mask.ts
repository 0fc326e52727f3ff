/**
 * Masks personal data in a line of log: mainland identity-card numbers (18 characters, the last a
 * digit or X), mainland mobile numbers (1[3-9] and 9 digits, with or without +86) and e-mail
 * addresses. What is left (the last 4 of an ID, the first 3 and last 4 of a phone, an address's
 * first letter and domain) lets an operator tell two apart, not find the person.
 */
const ID_CARD = /(?<![0-9])([1-9]\d{5})(\d{8})(\d{3})(\d|[Xx])(?![0-9])/g;
const PHONE = /(?<![0-9])(\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![0-9])/g;
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])/g;

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(ID_CARD, (_m, _region, _birth, seq: string, check: string) => `${'*'.repeat(14)}${seq}${check}`)
    .replace(PHONE, (_m, cc: string | undefined, head: string, _mid: string, tail: string) => `${cc ?? ''}${head}****${tail}`);
}

/** Masks every string in a log call's arguments, and the message and stack of errors. */
export function maskArgs(args: unknown[]): unknown[] {
  return args.map((a) => {
    if (typeof a === 'string') return maskPersonalData(a);
    if (a instanceof Error) {
      const masked = new Error(maskPersonalData(a.message));
      masked.name = a.name;
      masked.stack = a.stack === undefined ? undefined : maskPersonalData(a.stack);
      return masked;
    }
    if (a !== null && typeof a === 'object') {
      try {
        return JSON.parse(maskPersonalData(JSON.stringify(a))) as unknown;
      } catch {
        return a;
      }
    }
    return a;
  });
}
