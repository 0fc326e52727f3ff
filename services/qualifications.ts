import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { IdentityVault } from '../identity/vault';
import { isRegulated, type RegulatedCategory } from '../rules/categories';
import type { Principal, Role } from '../rules/roles';
import { InvalidInputError, parseInput } from '../schemas/errors';
import { MaterialSchema, QualificationDecisionSchema, SubmitQualificationSchema, WithdrawQualificationSchema } from '../schemas/qualifications';
import { SubjectIdSchema } from '../schemas/subjects';
import { getAccount, getSubject } from '../store/accounts';
import { withTransaction, type Db, type Sql } from '../store/db';
import {
  decideQualification,
  getQualification,
  heldQualification,
  insertQualification,
  listQualifications as listRows,
  withdrawQualificationRow,
  type Qualification,
} from '../store/qualifications';
import { appendRecord } from '../store/records';
import { requireRole, StateConflictError, UnknownEntityError } from './errors';

/**
 * Professional qualifications (Art. 9): the platform submits the materials, a reviewer who did not submit
 * them verifies (with an expiry) or rejects, a supervisor may withdraw a verified one. Each step is a
 * record in the same transaction. An account shows the special badge while its subject holds a
 * verified, unexpired qualification for the account's regulated category: derived, never stored.
 */
export const SUBMIT_ROLES = ['platform'] as const satisfies readonly Role[];
export const DECIDE_ROLES = ['reviewer', 'supervisor'] as const satisfies readonly Role[];
export const WITHDRAW_ROLES = ['supervisor'] as const satisfies readonly Role[];
export const QUALIFICATION_READERS = ['platform', 'reviewer', 'supervisor', 'auditor'] as const satisfies readonly Role[];

const ARTICLE = '第九条';
/** The longest a verification may run before the materials are looked at again. */
export const MAX_QUALIFICATION_YEARS = 5;

export interface QualificationDeps {
  db: Db;
  vault: IdentityVault;
}

/** A certificate number names a person: kept as a keyed hash (to spot one certificate used twice) and a mask. */
function storedMaterial(vault: IdentityVault, m: z.output<typeof MaterialSchema>): Record<string, unknown> {
  const { certificateNumber, ...rest } = m;
  if (!certificateNumber) return rest;
  const n = certificateNumber.toUpperCase();
  return { ...rest, certificateNumberHash: vault.hash('certificate', n), certificateNumberMasked: n.length <= 6 ? '*'.repeat(n.length) : `${n.slice(0, 2)}${'*'.repeat(n.length - 6)}${n.slice(-4)}` };
}

export async function submitQualification(deps: QualificationDeps, by: Principal, body: unknown): Promise<Qualification> {
  requireRole(by, SUBMIT_ROLES, 'submit qualification materials');
  const input = parseInput(SubmitQualificationSchema, body, 'qualification');
  const materials = input.materials.map((m) => storedMaterial(deps.vault, m));
  return withTransaction(deps.db, async (tx) => {
    if (!(await getSubject(tx, input.subjectId))) throw new UnknownEntityError(`no subject "${input.subjectId}"`);
    const { record } = await appendRecord(tx, {
      idempotencyKey: `qualification_submitted:${input.subjectId}:${input.category}:${randomUUID()}`,
      caseRef: null,
      accountId: null,
      action: 'qualification_submitted',
      article: ARTICLE,
      actor: by.id,
      reason: `专业资质材料已提交 (${input.category})`,
      evidence: { subjectId: input.subjectId, category: input.category, documents: materials.map((m) => m.documentKind) },
    });
    return insertQualification(tx, { subjectId: input.subjectId, category: input.category, materials, submittedBy: by.id, recordSeq: record.seq });
  });
}

const refused = (field: string, rule: string, detail: string) => new InvalidInputError(`invalid qualification decision: ${field}: ${detail}`, [{ field, rule }]);

export async function verifyQualification(deps: { db: Db }, by: Principal, body: unknown, now: Date = new Date()): Promise<Qualification> {
  requireRole(by, DECIDE_ROLES, 'decide on qualification materials');
  const input = parseInput(QualificationDecisionSchema, body, 'qualification decision');
  let expiresAt: Date | null = null;
  if (input.decision === 'verify') {
    expiresAt = new Date(input.expiresAt!);
    const latest = new Date(now);
    latest.setUTCFullYear(latest.getUTCFullYear() + MAX_QUALIFICATION_YEARS);
    if (expiresAt <= now) throw refused('expiresAt', 'must be in the future', `${input.expiresAt} has passed`);
    if (expiresAt > latest) throw refused('expiresAt', `must be at most ${MAX_QUALIFICATION_YEARS} years ahead`, `${input.expiresAt} is after ${latest.toISOString()}`);
  }
  return withTransaction(deps.db, async (tx) => {
    const q = await getQualification(tx, input.qualificationId, true);
    if (!q) throw new UnknownEntityError(`no qualification ${input.qualificationId}`);
    if (q.status !== 'pending') throw new StateConflictError(`qualification ${q.id} was decided already (${q.status})`);
    // Four eyes in the small: who put the materials forward does not vouch for them.
    if (q.submittedBy === by.id) throw new StateConflictError(`qualification ${q.id}: "${by.id}" submitted it and may not decide on it; another reviewer must`);
    const verified = input.decision === 'verify';
    const { record } = await appendRecord(tx, {
      idempotencyKey: `qualification_decided:${q.id}`,
      caseRef: null,
      accountId: null,
      action: verified ? 'qualification_verified' : 'qualification_rejected',
      article: ARTICLE,
      actor: by.id,
      reason: input.reason,
      // Verifying grants the badge on every account of the subject in that category: the record says so.
      evidence: { qualificationId: q.id, subjectId: q.subjectId, category: q.category, expiresAt: expiresAt?.toISOString() ?? null, badge: verified ? 'granted' : 'not granted' },
    });
    return decideQualification(tx, { id: q.id, status: verified ? 'verified' : 'rejected', decidedBy: by.id, reason: input.reason, expiresAt, recordSeq: record.seq });
  });
}

export async function withdrawQualification(deps: { db: Db }, by: Principal, body: unknown): Promise<Qualification> {
  requireRole(by, WITHDRAW_ROLES, 'withdraw a qualification');
  const input = parseInput(WithdrawQualificationSchema, body, 'qualification withdrawal');
  return withTransaction(deps.db, async (tx) => {
    const q = await getQualification(tx, input.qualificationId, true);
    if (!q) throw new UnknownEntityError(`no qualification ${input.qualificationId}`);
    if (q.status !== 'verified') throw new StateConflictError(`qualification ${q.id} is ${q.status}: only a verified one can be withdrawn`);
    const { record } = await appendRecord(tx, {
      idempotencyKey: `qualification_withdrawn:${q.id}`,
      caseRef: null,
      accountId: null,
      action: 'qualification_withdrawn',
      article: ARTICLE,
      actor: by.id,
      reason: input.reason,
      evidence: { qualificationId: q.id, subjectId: q.subjectId, category: q.category, badge: 'withdrawn' },
    });
    return withdrawQualificationRow(tx, { id: q.id, withdrawnBy: by.id, reason: input.reason, recordSeq: record.seq });
  });
}

export async function listQualifications(deps: { db: Db }, by: Principal, subjectId: unknown): Promise<Qualification[]> {
  requireRole(by, QUALIFICATION_READERS, 'read qualifications');
  const id = parseInput(SubjectIdSchema, subjectId, 'subject id');
  return listRows(deps.db, id);
}

export interface AccountBadge {
  badge: boolean;
  category: string;
  /** When the qualification behind the badge expires. */
  expiresAt?: Date;
}

/** The special badge of Art. 9, derived from the account's category and its subject's qualifications now. */
export async function accountBadge(db: Sql, accountId: string): Promise<AccountBadge | undefined> {
  const account = await getAccount(db, accountId);
  if (!account) return undefined;
  return badgeFor(db, account.subjectId, account.contentCategory);
}

export async function badgeFor(db: Sql, subjectId: string, category: string): Promise<AccountBadge> {
  if (!isRegulated(category)) return { badge: false, category };
  const held = await heldQualification(db, subjectId, category as RegulatedCategory);
  return held ? { badge: true, category, expiresAt: held.expiresAt! } : { badge: false, category };
}
