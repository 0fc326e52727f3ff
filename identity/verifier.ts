/**
 * The real-identity check of Art. 8 ¶1: does this number belong to this name, and is this phone number
 * theirs? An adapter, so that the store-backed register (identity/store-verifier.ts) and an identity
 * provider over HTTP (identity/http-verifier.ts) are interchangeable (IDENTITY_VERIFIER=store|http).
 */
export type IdentityKind = 'resident_id' | 'credit_code';
export const IDENTITY_KINDS = ['resident_id', 'credit_code'] as const satisfies readonly IdentityKind[];

/** What a person or organisation claims. Lives in memory only: never in a workflow, a table or a log. */
export interface IdentityClaim {
  kind: IdentityKind;
  number: string;
  name: string;
  phone: string;
}

export const VERIFY_FAILURES = ['unknown_number', 'name_mismatch', 'phone_mismatch', 'rejected', 'unavailable'] as const;
export type VerifyFailure = (typeof VERIFY_FAILURES)[number];

/**
 * `unavailable`: the verifier could not answer (down, timed out, misconfigured); try again later, it
 * says nothing about the claim. `rejected`: the provider knows the identity but will not vouch for it
 * (revoked, deceased, deregistered organisation).
 */
export type VerifyOutcome = { ok: true } | { ok: false; code: VerifyFailure; reason: string };

export interface IdentityVerifier {
  /** 'store' or 'http': recorded with a verification (subject_identities.verified_by). */
  readonly source: 'store' | 'http';
  verify(claim: IdentityClaim): Promise<VerifyOutcome>;
}
