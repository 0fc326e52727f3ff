import { z } from 'zod';
import { ROLES } from '../rules/roles';

/**
 * The answers of the registry, record and outbox routes, as they go over the wire (dates as ISO
 * strings): the OpenAPI document shows them, and the serializer sends only the fields named here.
 */

/** A store row as JSON carries it: what the client receives, ready for the response schema. */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

const time = z.string().describe('ISO 8601');

export const AccountSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
  contactEmail: z.string(),
  contentCategory: z.string(),
  status: z.enum(['active', 'suspended', 'terminated']).describe('derived from the measures in force'),
});

export const MeasureSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.string(),
  caseRef: z.string().nullable(),
  article: z.string().nullable(),
  imposedBy: z.string(),
  reason: z.string(),
  startedAt: time,
  endsAt: time.nullable(),
  liftedAt: time.nullable(),
  liftedBy: z.string().nullable(),
  liftReason: z.string().nullable(),
  imposedSeq: z.string().nullable(),
  liftedSeq: z.string().nullable(),
});

export const BadgeSchema = z
  .object({ badge: z.boolean(), category: z.string(), expiresAt: time.optional() })
  .describe("Art. 9's special badge: the account's category is regulated and its subject holds a verified, unexpired qualification for it");

export const AccountViewSchema = z.object({ account: AccountSchema, measures: z.array(MeasureSchema), status: AccountSchema.shape.status, badge: BadgeSchema });

export const RecordSchema = z.object({
  seq: z.string(),
  idempotencyKey: z.string(),
  caseRef: z.string().nullable(),
  accountId: z.string().nullable(),
  action: z.string(),
  article: z.string(),
  actor: z.string(),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  at: time,
  prevHash: z.string(),
  hash: z.string().describe('SHA-256 over the previous hash and this record'),
});

export const NoticeSchema = z.object({
  idempotencyKey: z.string(),
  caseRef: z.string(),
  accountId: z.string(),
  kind: z.string(),
  messageId: z.string(),
  sentAt: time,
});

export const OperatorViewSchema = z.object({ id: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)), active: z.boolean() });
