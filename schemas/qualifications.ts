import { z } from 'zod';
import { REGULATED_CATEGORIES } from '../rules/categories';
import { IsoDateTimeSchema, NO_CONTROL, ReasonSchema, storable, typeError } from './common';
import { SubjectIdSchema } from './subjects';

const text = (max: number) =>
  z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).refine(storable, NO_CONTROL);

/**
 * One document of a qualification (Art. 9): what it is, who issued it, its certificate number (a
 * practising certificate names a person: kept hashed and masked, never in clear) and where the files
 * are (references into the platform's own document store: no upload here).
 */
export const MaterialSchema = z.strictObject({
  documentKind: z.enum(['practising_certificate', 'professional_title', 'academic_degree', 'business_licence', 'institution_licence', 'other'], {
    error: 'must be practising_certificate, professional_title, academic_degree, business_licence, institution_licence or other',
  }),
  issuer: text(200),
  certificateNumber: z
    .string(typeError('string', 'a string'))
    .trim()
    .regex(/^[A-Za-z0-9\-()（）]{4,40}$/, 'must be 4–40 letters, digits, hyphens or brackets')
    .optional(),
  files: z.array(text(500), typeError('array', 'a list of file references')).min(1, 'must name at least one file').max(20, 'must name at most 20 files'),
});

export const CategorySchema = z.enum(REGULATED_CATEGORIES, { error: `must be one of ${REGULATED_CATEGORIES.join(', ')} (the categories Art. 9 regulates)` });

export const SubmitQualificationSchema = z.strictObject({
  subjectId: SubjectIdSchema,
  category: CategorySchema,
  materials: z.array(MaterialSchema, typeError('array', 'a list of materials')).min(1, 'must hold at least one document').max(20, 'must hold at most 20 documents'),
});

export const QualificationIdSchema = z.string(typeError('string', 'a string')).regex(/^[1-9]\d{0,17}$/, 'must be a qualification id (digits)');

/** A verification always says until when; a rejection never does. */
const decisionRules = (d: { decision: 'verify' | 'reject'; expiresAt?: string }, ctx: z.RefinementCtx) => {
  if (d.decision === 'verify' && d.expiresAt === undefined) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'is required to verify: a qualification is held until a date' });
  if (d.decision === 'reject' && d.expiresAt !== undefined) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: 'must be left out of a rejection' });
};
const DecisionFields = z.strictObject({
  decision: z.enum(['verify', 'reject'], { error: 'must be verify or reject' }),
  reason: ReasonSchema,
  expiresAt: IsoDateTimeSchema.optional(),
});
/** The decision as the API takes it (the id is in the path). */
export const QualificationDecisionBodySchema = DecisionFields.superRefine(decisionRules);
export const QualificationDecisionSchema = DecisionFields.extend({ qualificationId: QualificationIdSchema }).superRefine(decisionRules);

export const WithdrawBodySchema = z.strictObject({ reason: ReasonSchema });
export const WithdrawQualificationSchema = WithdrawBodySchema.extend({ qualificationId: QualificationIdSchema });
