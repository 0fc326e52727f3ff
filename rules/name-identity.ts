import { normalizeName } from './names';

/**
 * Does the account's name fit the real identity behind it? Kept simple on purpose, and only ever a
 * reason for a reviewer to look (never a refusal): a word list cannot tell "张三的银行卡攻略" from a bank.
 *  - An individual's name containing a word that marks an organisation (公司, 银行, 医院…): it may pass
 *    the person off as an institution.
 *  - An organisation's name containing such a word but not the organisation's own registered name: it
 *    may name another organisation.
 * The words are the policy's (names.organisationWords).
 */
export function nameIdentityProblem(
  accountName: string,
  subject: { kind: 'individual' | 'organisation'; displayName: string },
  organisationWords: readonly string[],
): string | undefined {
  const name = normalizeName(accountName);
  const words = organisationWords.filter((w) => name.includes(normalizeName(w)));
  if (words.length === 0) return undefined;
  if (subject.kind === 'individual') {
    return `个人主体的账号名称含有机构性词语「${words.join('」「')}」，需核验是否冒用机构身份 (an individual's account name that reads as an organisation's)`;
  }
  const own = normalizeName(subject.displayName);
  if (own && name.includes(own)) return undefined;
  return `账号名称含有机构性词语「${words.join('」「')}」但不含主体名称「${subject.displayName}」，需核验 (an organisation's account name naming another organisation?)`;
}
