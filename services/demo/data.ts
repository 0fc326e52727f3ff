/** The sample subjects, accounts and roster for trying the product: data only, for the seed and the CLI's demo. */
export const DEMO_SUBJECTS = [
  { id: 'subj-zhang', kind: 'individual' as const, displayName: '张三' },
  { id: 'subj-wang', kind: 'individual' as const, displayName: '王五' },
  { id: 'subj-kj', kind: 'organisation' as const, displayName: '某科技传媒有限公司' },
  // docs/UNAUTHORISED-TRANSFER.md and docs/VOLUNTARY-CLOSURE.md walk through these two.
  { id: 'subj-liu', kind: 'individual' as const, displayName: '刘六' },
  { id: 'subj-zhou', kind: 'individual' as const, displayName: '周七' },
];

export const DEMO_ACCOUNTS = [
  { id: 'demo-gwy-fans', subjectId: 'subj-zhang', name: '国务院粉丝团', bio: '转发政策新闻', contactEmail: 'zhangsan@users.example', contentCategory: 'news' },
  { id: 'demo-laowang', subjectId: 'subj-wang', name: '老王说车', bio: '聊聊汽车那些事', contactEmail: 'laowang@users.example' },
  { id: 'demo-tech', subjectId: 'subj-kj', name: '科技前沿观察', bio: '科技资讯', contactEmail: 'editor@kj.example' },
  { id: 'demo-food', subjectId: 'subj-liu', name: '城市美食记', bio: '探店与家常菜', contactEmail: 'liuliu@users.example' },
  { id: 'demo-books', subjectId: 'subj-zhou', name: '周末读书会', bio: '每周一书', contactEmail: 'zhouqi@users.example' },
] as const;

export const DEMO_OPERATORS = [
  { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer' as const] },
  { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor' as const, 'reviewer' as const] },
  // A second supervisor: what can't be undone needs two different people (four eyes).
  { id: 'supervisor-zhao', displayName: '赵主管', roles: ['supervisor' as const, 'reviewer' as const] },
  // The platform service that opens cases and sends the account holder's own actions for them.
  { id: 'content-risk-service', displayName: '内容风控服务', roles: ['platform' as const] },
  // Reads the records and the cases; changes nothing.
  { id: 'auditor-chen', displayName: '陈审计', roles: ['auditor' as const] },
];

/**
 * The demo subjects' real identities, as the real-name register knows them. Made-up people: numbers of
 * the right shape with computed check characters (Beijing Chaoyang, born 1990-01-01), not anyone's.
 */
export const DEMO_IDENTITIES = [
  { subjectId: 'subj-zhang', claim: { kind: 'resident_id' as const, number: '110105199001010010', name: '张三', phone: '13900000001' }, contactEmail: 'zhangsan@users.example' },
  { subjectId: 'subj-wang', claim: { kind: 'resident_id' as const, number: '110105199001010029', name: '王五', phone: '13900000002' }, contactEmail: 'laowang@users.example' },
  { subjectId: 'subj-kj', claim: { kind: 'credit_code' as const, number: '91110105000000001Y', name: '某科技传媒有限公司', phone: '13900000003' }, contactEmail: 'editor@kj.example' },
  { subjectId: 'subj-liu', claim: { kind: 'resident_id' as const, number: '110105199001010045', name: '刘六', phone: '13900000005' }, contactEmail: 'liuliu@users.example' },
  { subjectId: 'subj-zhou', claim: { kind: 'resident_id' as const, number: '110105199001010053', name: '周七', phone: '13900000006' }, contactEmail: 'zhouqi@users.example' },
];

/**
 * The receiving side of the demo transfer (docs/ACCOUNT-TRANSFER.md): a made-up person the real-name
 * register knows (the seed puts them there), not yet a subject: the transfer's opening records them.
 */
export const DEMO_TRANSFER_RECEIVER = {
  subject: { id: 'subj-zhao', kind: 'individual' as const, displayName: '赵六' },
  identity: { kind: 'resident_id' as const, number: '110105199001010037', name: '赵六', phone: '13900000004' },
  contactEmail: 'zhaoliu@users.example',
};
