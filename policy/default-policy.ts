import { DEFAULT_ACCOUNT_TRANSFER_TERMS } from './account-transfer';
import type { PolicyInput } from './policy';
import { DEFAULT_RETENTION } from './retention';
import { DEFAULT_CREDIT, DEFAULT_QUOTA } from './standing';

/** Defaults drawn from Chinese platforms' published practice (see docs/REGULATION.md, "Time limits"). */
export const DEFAULT_POLICY: PolicyInput = {
  version: '2026-11-default',
  nameCorrection: {
    window: '7 days',
    remindBefore: ['72 hours', '24 hours'],
    maxExtension: '30 days',
    maxSubmissions: 10,
    confirmWithin: '24 hours',
    sealMaxAge: '5 minutes',
  },
  accountTransfer: DEFAULT_ACCOUNT_TRANSFER_TERMS,
  unauthorisedTransfer: {
    window: '7 days',
    remindBefore: ['72 hours', '24 hours'],
    maxExtension: '30 days',
    maxSubmissions: 1,
    confirmWithin: '24 hours',
    sealMaxAge: '5 minutes',
  },
  voluntaryClosure: {
    window: '180 days',
    remindBefore: ['48 hours'],
    maxExtension: '30 days',
    maxSubmissions: 1,
    confirmWithin: '24 hours',
    sealMaxAge: '5 minutes',
    freeze: [
      { followersBelow: 10_000, period: '7 days' },
      { followersBelow: 1_000_000, period: '15 days' },
      { period: '30 days' },
    ],
  },
  escalation: { email: 'compliance-supervisors@platform.example' },
  names: {
    protectedWords: [
      '中国共产党', '共产党', '中共', '党中央', '中央', '国务院', '人民政府', '政府', '人大', '政协',
      '公安', '检察院', '法院', '解放军', '武警', '外交部', '人民银行', '新华社', '人民日报', '央视', '官方',
    ],
    organisationWords: [
      '公司', '集团', '银行', '证券', '保险', '基金', '医院', '诊所', '学校', '大学', '学院', '研究院', '研究所',
      '律师事务所', '会计师事务所', '协会', '学会', '基金会', '报社', '杂志社', '电视台', '出版社', '委员会',
    ],
  },
  credit: DEFAULT_CREDIT,
  registration: {
    ...DEFAULT_QUOTA,
    // A reviewer decides a held registration within 5 days; past that the wait is escalated, not dropped.
    window: '5 days',
    remindBefore: [],
    maxExtension: '14 days',
    maxSubmissions: 1,
    confirmWithin: '24 hours',
    sealMaxAge: '5 minutes',
  },
  retention: DEFAULT_RETENTION,
};
