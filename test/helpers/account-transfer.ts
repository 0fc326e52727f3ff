import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { residentIdCheckCharacter } from '../../identity/resident-id';
import { registerKnownIdentity, storeVerifier } from '../../identity/store-verifier';
import type { IdentityVault } from '../../identity/vault';
import type { IdentityClaim } from '../../identity/verifier';
import type { SmtpSink } from '../../mail/sink';
import {
  confirmAccountTransferApproval,
  confirmTransferAsHolder,
  confirmTransferAsReceiver,
  getAccountTransfer,
  openAccountTransfer,
  reviewAccountTransfer,
  supplyTransferMaterials,
  withdrawAccountTransfer,
} from '../../services/account-transfer';
import type { ServiceDeps } from '../../services/deps';
import { insertAccount, upsertSubject, type ContentCategory } from '../../store/accounts';
import type { Db } from '../../store/db';
import { insertListing } from '../../store/blacklist';
import { listPublicNotices } from '../../store/public-notices';
import { decideQualification, insertQualification } from '../../store/qualifications';
import type { RegulatedCategory } from '../../rules/categories';
import { listRecords } from '../../store/records';
import { getCase } from '../../workflows/account-transfer/messages';
import type { AccountTransferResult } from '../../workflows/account-transfer/workflow';
import { caseWorkflowId } from '../../workflows/case/ids';
import { testVault } from './identity';
import { PLATFORM, principal } from './principals';
import { recordHistory } from './record-history';
import { seedOperators, startStack, type Stack } from './stack';
import { until } from './wait';

/** A vault with fixed keys for a test run (the store and the verifier must hash alike). */
export const testIdentityVault = (): IdentityVault => testVault();

/** A valid resident ID number (GB 11643 check digit) no other test uses: Beijing Dongcheng, born 1990. */
export function residentId(): string {
  const body = `110101${'1990'}${'0'}${1 + (randomBytes(1)[0]! % 9)}${String(10 + (randomBytes(1)[0]! % 18)).padStart(2, '0')}${String(randomBytes(2).readUInt16BE() % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}
/** A mainland mobile number. */
export const mobile = () => `139${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;

/** The services' dependencies with the identity vault and the store-backed verifier. */
export function withIdentity(deps: ServiceDeps, db: Db, vault = testIdentityVault()): ServiceDeps {
  return Object.assign({}, deps, { vault, verifier: storeVerifier(db, vault) });
}

export interface Receiver {
  subjectId: string;
  email: string;
  claim: IdentityClaim;
  body: { subject: { id: string; kind: 'individual'; displayName: string }; identity: IdentityClaim; contactEmail: string };
}

/** An individual the real-name register knows (so the verifier vouches for them), not yet a subject. */
export async function knownReceiver(db: Db, vault: IdentityVault, id: string, name = '李四'): Promise<Receiver> {
  const claim: IdentityClaim = { kind: 'resident_id', number: residentId(), name, phone: mobile() };
  await registerKnownIdentity(db, vault, claim);
  const email = `${id}@receivers.example`;
  return { subjectId: id, email, claim, body: { subject: { id, kind: 'individual', displayName: name }, identity: claim, contactEmail: email } };
}

/** An account held by an individual subject, as the registry holds it. */
export async function seedHeldAccount(db: Db, id: string, o: { category?: ContentCategory; name?: string } = {}) {
  const holderSubjectId = `holder-${id}`;
  const email = `${id}@holders.example`;
  await upsertSubject(db, { id: holderSubjectId, kind: 'individual', displayName: '张三', contactEmail: `${holderSubjectId}@holders.example` });
  await insertAccount(db, { id, subjectId: holderSubjectId, name: o.name ?? `旅行日记${id.slice(-4)}`, bio: '简介', contactEmail: email, contentCategory: o.category ?? 'general' });
  return { accountId: id, holderSubjectId, email };
}

/** Drives transfers through the real services, as the platform and the operators would. */
export function transferDriver(stack: { deps: ServiceDeps; client: Client; db: Db; sink?: SmtpSink }) {
  const { deps } = stack;
  const handle = (accountId: string) => stack.client.workflow.getHandle(caseWorkflowId('account-transfer', accountId));
  return {
    handle,
    open: (accountId: string, holderSubjectId: string, r: Receiver, extra: Record<string, unknown> = {}) =>
      openAccountTransfer(deps, PLATFORM, { accountId, holderSubjectId, receiver: r.body, ...extra }),
    state: (accountId: string) => getAccountTransfer(deps, accountId),
    supply: (accountId: string, note = '已提交资质证明', qualificationIds?: number[]) =>
      supplyTransferMaterials(deps, PLATFORM, accountId, { note, ...(qualificationIds ? { qualificationIds } : {}) }),
    holderConfirms: (accountId: string) => confirmTransferAsHolder(deps, PLATFORM, accountId, {}),
    receiverConfirms: (accountId: string) => confirmTransferAsReceiver(deps, PLATFORM, accountId, {}),
    withdraw: (accountId: string, reason?: string) => withdrawAccountTransfer(deps, PLATFORM, accountId, reason ? { reason } : {}),
    review: (accountId: string, decision: 'approve' | 'reject' = 'approve', operatorId = 'reviewer-li', reason = '接收方核验无异常，同意迁移') =>
      reviewAccountTransfer(deps, principal(operatorId), accountId, { decision, reason }),
    confirmApproval: (accountId: string, decision: 'confirm' | 'reject' = 'confirm', operatorId = 'supervisor-wang', reason = '复核无误') =>
      confirmAccountTransferApproval(deps, principal(operatorId), accountId, { decision, reason }),
    /** Until the case is in `stage`. */
    stage: (accountId: string, stage: string) => until(async () => (await handle(accountId).query(getCase)).stage === stage, 60_000),
    async result(accountId: string, name?: string): Promise<AccountTransferResult> {
      const out = (await handle(accountId).result()) as AccountTransferResult;
      if (name) await recordHistory(stack.client, handle(accountId).workflowId, name);
      return out;
    },
    records: async (caseRef: string) => (await listRecords(stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`),
    notices: (accountId: string) => listPublicNotices(stack.db, { accountId }),
    mails: (email: string) => (stack.sink?.messages() ?? []).filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']),
  };
}
export type TransferDriver = ReturnType<typeof transferDriver>;

/** A test file's transfer stack: real Temporal, store and SMTP sink, the roster, a worker, the identity vault. */
export function transferStack(opts: Parameters<typeof startStack>[0] = {}): { stack: Stack; at: TransferDriver; vault: IdentityVault } {
  const ctx = { vault: testIdentityVault() } as { stack: Stack; at: TransferDriver; vault: IdentityVault };
  beforeAll(async () => {
    ctx.stack = await startStack(opts);
    ctx.stack.deps = withIdentity(ctx.stack.deps, ctx.stack.db, ctx.vault);
    await seedOperators(ctx.stack.db);
    await ctx.stack.startWorker();
    ctx.at = transferDriver(ctx.stack);
  });
  afterAll(() => ctx.stack?.stop());
  return ctx;
}

/** Lists a subject on the blacklist, as a supervisor's decision would (the subject is created if new). */
export async function blacklist(db: Db, r: Receiver, reason: string): Promise<void> {
  await upsertSubject(db, { id: r.subjectId, kind: 'individual', displayName: r.claim.name });
  await insertListing(db, { subjectId: r.subjectId, reason, article: '第十九条', listedBy: 'supervisor-wang', recordSeq: '0' });
}

/** A verified qualification for a category, valid for a year, as a reviewer's decision would leave it. */
export async function grantQualification(db: Db, subjectId: string, category: RegulatedCategory): Promise<string> {
  const q = await insertQualification(db, { subjectId, category, materials: [{ kind: '执业证书', issuer: '测试发证机关' }], submittedBy: PLATFORM.id, recordSeq: '0' });
  await decideQualification(db, { id: q.id, status: 'verified', decidedBy: 'reviewer-li', reason: '核验通过', expiresAt: new Date(Date.now() + 365 * 86_400_000), recordSeq: '0' });
  return q.id;
}
