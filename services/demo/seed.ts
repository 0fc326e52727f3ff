import { ensureAccount, ensureSubject } from '../../store/accounts';
import type { ServiceDeps } from '../deps';
import { setOperator } from '../operators';

/** Sample subjects, accounts and operators for trying the product (`npm run cli -- seed`). */
export const DEMO_ACCOUNTS = [
  { id: 'demo-gwy-fans', subjectId: 'subj-zhang', name: '国务院粉丝团', bio: '转发政策新闻', contactEmail: 'zhangsan@users.example', contentCategory: 'news' },
  { id: 'demo-laowang', subjectId: 'subj-wang', name: '老王说车', bio: '聊聊汽车那些事', contactEmail: 'laowang@users.example' },
  { id: 'demo-tech', subjectId: 'subj-kj', name: '科技前沿观察', bio: '科技资讯', contactEmail: 'editor@kj.example' },
] as const;

export const DEMO_OPERATORS = [
  { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer' as const] },
  { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor' as const, 'reviewer' as const] },
  // A second supervisor: what can't be undone needs two different people (four eyes).
  { id: 'supervisor-zhao', displayName: '赵主管', roles: ['supervisor' as const, 'reviewer' as const] },
  // The platform service that opens cases and sends the account holder's own actions for them.
  { id: 'content-risk-service', displayName: '内容风控服务', roles: ['platform' as const] },
];

/**
 * Insert-only: running the seed again (or on a store in use) leaves every existing subject and account
 * as it is, so a corrected name or a measure in force is never undone by a re-seed.
 */
export async function seedDemo(deps: ServiceDeps): Promise<{ accounts: string[]; operators: string[] }> {
  await ensureSubject(deps.db, { id: 'subj-zhang', kind: 'individual', displayName: '张三' });
  await ensureSubject(deps.db, { id: 'subj-wang', kind: 'individual', displayName: '王五' });
  await ensureSubject(deps.db, { id: 'subj-kj', kind: 'organisation', displayName: '某科技传媒有限公司' });
  for (const a of DEMO_ACCOUNTS) await ensureAccount(deps.db, a);
  for (const o of DEMO_OPERATORS) await setOperator(deps, o);
  return { accounts: DEMO_ACCOUNTS.map((a) => a.id), operators: DEMO_OPERATORS.map((o) => o.id) };
}
