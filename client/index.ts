import type { z } from 'zod';
import type { CaseList, CaseListQuery } from '../api/queue/case-list';
import type { CreateTokenSchema } from '../api/auth/token-admin';
import type { TokenInfoSchema } from '../api/routes/tokens';
import type { RecordsVerificationSchema, StoredCheckpointSchema, VerifyRecordsBodySchema } from '../api/routes/records';
import type { RosterChangeResultSchema } from '../api/routes/roster';
import type { Role } from '../rules/roles';
import type { Policy } from '../policy/policy';
import type { UpdateAccountSchema } from '../schemas/accounts';
import type { RegisterPublicAccountSchema, ReviewRegistrationSchema, WithdrawRegistrationSchema } from '../schemas/registration';
import type { RegistrationState, RegistrationSummary } from '../workflows/registration/state';
import type { RegistrationAnswer } from '../services/registration';
import type {
  ConfirmTerminationSchema,
  ExtendDeadlineSchema,
  ProposeTerminationSchema,
  RejectTerminationSchema,
  OpenNameCorrectionSchema,
  RefuseCorrectionSchema,
  ReviewCorrectionSchema,
  SubmitCorrectionSchema,
  WithdrawCaseSchema,
} from '../schemas/name-correction';
import type { AccountView } from '../services/accounts';
import type { FeedPage } from '../services/measure-feed';
import type { RecordsPage } from '../services/records';
import type { CreateSubscriptionInput, SubscriptionView } from '../services/webhooks';
import type { Account } from '../store/accounts';
import type { SentNotice } from '../store/notices';
import type { Operator } from '../store/operators';
import type { StoredRecord } from '../store/records';
import type { NameCorrectionState, NameCorrectionSummary } from '../workflows/name-correction/state';
import type { SubmissionResult } from '../workflows/name-correction/messages';
import type { PublicNotice } from '../store/public-notices';
import { accountTransferClient } from './account-transfer';
import type { ConfirmTerminationSchema as TerminationConfirmSchema, ProposeTerminationSchema as TerminationProposeSchema, RejectTerminationSchema as TerminationRejectSchema } from '../schemas/case-actions';
import type { DecideReportSchema, OpenUnauthorisedTransferSchema, RespondSchema, WithdrawReportSchema } from '../schemas/unauthorised-transfer';
import type { ApplyVoluntaryClosureSchema, CancelClosureSchema, ResumeSchema, StopClosureSchema } from '../schemas/voluntary-closure';
import type { UnauthorisedTransferState, UnauthorisedTransferSummary } from '../workflows/unauthorised-transfer/state';
import type { VoluntaryClosureState, VoluntaryClosureSummary } from '../workflows/voluntary-closure/state';
import { CaseExistsError, ComplianceApiError, ComplianceUnreachableError } from './errors';

export { CaseExistsError, ComplianceApiError, ComplianceUnreachableError } from './errors';

/**
 * The typed client of the compliance API, for platform services and the CLI. Types only come from the
 * server's schemas and services (nothing of the server is loaded); a result's dates arrive as ISO
 * strings, as the JSON carries them.
 */

/** A value as JSON gives it back: dates become strings. */
export type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

export interface ClientOptions {
  /** e.g. http://127.0.0.1:8089 */
  baseUrl: string;
  /** An API token (pac_…) or an OIDC token. */
  token: string;
  /** For tests or a proxy: the fetch to use. */
  fetch?: typeof fetch;
}

export interface ActionOptions {
  /** Retrying with the same key returns the first attempt's result instead of acting twice. */
  idempotencyKey?: string;
}

export interface OpenedCase {
  workflowId: string;
  caseRef: string;
  created: true;
}

type TokenInfo = z.infer<typeof TokenInfoSchema>;

export function createComplianceClient(opts: ClientOptions) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;

  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ComplianceUnreachableError(`cannot reach the compliance API at ${base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ComplianceUnreachableError(`${method} ${path}: the API at ${base} answered ${res.status} with something that is not JSON`);
    }
    if (res.ok) return parsed as T;
    const e = (parsed ?? {}) as { error?: string; message?: string; issues?: { field: string; rule: string }[]; needs?: string[]; case?: { workflowId: string; caseRef: string } };
    if (e.error === 'case_exists' && e.case) throw new CaseExistsError(e.message ?? 'a case is open already', e.case);
    throw new ComplianceApiError(res.status, e.error ?? 'unknown', e.message ?? `${method} ${path}: HTTP ${res.status}`, e.issues ?? [], e.needs ?? []);
  }

  const q = (params: Record<string, string | number | boolean | undefined>) => {
    const s = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return s ? `?${s}` : '';
  };
  const seg = encodeURIComponent;

  /** The generic case operations, for any process by its kind. */
  const cases = {
    list: (query: Partial<Omit<CaseListQuery, 'closed'>> & { closed?: boolean } = {}) => call<CaseList>('GET', `/v1/cases${q(query)}`),
    open: (kind: string, body: unknown) => call<OpenedCase>('POST', `/v1/cases/${seg(kind)}`, body),
    get: <T = unknown>(kind: string, accountId: string) => call<T>('GET', `/v1/cases/${seg(kind)}/${seg(accountId)}`),
    act: <T = unknown>(kind: string, accountId: string, action: string, body: unknown, o: ActionOptions = {}) =>
      call<T>('POST', `/v1/cases/${seg(kind)}/${seg(accountId)}/${seg(action)}`, body, o.idempotencyKey ? { 'idempotency-key': o.idempotencyKey } : {}),
  };

  const nc = 'name-correction';
  const rg = 'registration';
  type Summary = Json<NameCorrectionSummary>;
  const ut = 'unauthorised-transfer';
  type UtSummary = Json<UnauthorisedTransferSummary>;
  const vc = 'voluntary-closure';
  type VcSummary = Json<VoluntaryClosureSummary>;
  return {
    /** Who the token proves the caller is, with the roster's roles. */
    me: () => call<{ id: string; roles: Role[] }>('GET', '/v1/me'),
    cases,
    /** Name correction (Art. 8 ¶2–3), typed from its schemas and the case's answers. */
    nameCorrection: {
      open: (body: z.input<typeof OpenNameCorrectionSchema>) => cases.open(nc, body),
      get: (accountId: string) => cases.get<Json<NameCorrectionState>>(nc, accountId),
      submit: (accountId: string, body: z.input<typeof SubmitCorrectionSchema>, o?: ActionOptions) => cases.act<Json<SubmissionResult>>(nc, accountId, 'submit', body, o),
      refuse: (accountId: string, body: z.input<typeof RefuseCorrectionSchema> = {}, o?: ActionOptions) => cases.act<Summary>(nc, accountId, 'refuse', body, o),
      review: (accountId: string, body: z.input<typeof ReviewCorrectionSchema>, o?: ActionOptions) => cases.act<Summary>(nc, accountId, 'review', body, o),
      extendDeadline: (accountId: string, body: z.input<typeof ExtendDeadlineSchema>, o?: ActionOptions) => cases.act<Summary>(nc, accountId, 'extend-deadline', body, o),
      withdraw: (accountId: string, body: z.input<typeof WithdrawCaseSchema>, o?: ActionOptions) => cases.act<Summary>(nc, accountId, 'withdraw', body, o),
      /** Four eyes: one operator proposes terminating service once it is due; a second supervisor confirms or rejects. */
      proposeTermination: (accountId: string, body: z.input<typeof ProposeTerminationSchema>, o?: ActionOptions) =>
        cases.act<Summary>(nc, accountId, 'propose-termination', body, o),
      confirmTermination: (accountId: string, body: z.input<typeof ConfirmTerminationSchema>, o?: ActionOptions) =>
        cases.act<Summary>(nc, accountId, 'confirm-termination', body, o),
      rejectTermination: (accountId: string, body: z.input<typeof RejectTerminationSchema>, o?: ActionOptions) =>
        cases.act<Summary>(nc, accountId, 'reject-termination', body, o),
    },
    /** Unauthorised transfer (Art. 11 ¶2): report, the holder's answer, a reviewer's decision, four eyes on termination. */
    unauthorisedTransfer: {
      report: (body: z.input<typeof OpenUnauthorisedTransferSchema>) => cases.open(ut, body),
      get: (accountId: string) => cases.get<Json<UnauthorisedTransferState>>(ut, accountId),
      respond: (accountId: string, body: z.input<typeof RespondSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'respond', body, o),
      decide: (accountId: string, body: z.input<typeof DecideReportSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'decide', body, o),
      withdraw: (accountId: string, body: z.input<typeof WithdrawReportSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'withdraw', body, o),
      proposeTermination: (accountId: string, body: z.input<typeof TerminationProposeSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'propose-termination', body, o),
      confirmTermination: (accountId: string, body: z.input<typeof TerminationConfirmSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'confirm-termination', body, o),
      rejectTermination: (accountId: string, body: z.input<typeof TerminationRejectSchema>, o?: ActionOptions) => cases.act<UtSummary>(ut, accountId, 'reject-termination', body, o),
    },
    /** The holder's own suspension or closure (Art. 11 ¶3). */
    voluntaryClosure: {
      apply: (body: z.input<typeof ApplyVoluntaryClosureSchema>) => cases.open(vc, body),
      get: (accountId: string) => cases.get<Json<VoluntaryClosureState>>(vc, accountId),
      resume: (accountId: string, body: z.input<typeof ResumeSchema> = {}, o?: ActionOptions) => cases.act<VcSummary>(vc, accountId, 'resume', body, o),
      cancel: (accountId: string, body: z.input<typeof CancelClosureSchema> = {}, o?: ActionOptions) => cases.act<VcSummary>(vc, accountId, 'cancel', body, o),
      stop: (accountId: string, body: z.input<typeof StopClosureSchema>, o?: ActionOptions) => cases.act<VcSummary>(vc, accountId, 'stop', body, o),
    },
    /** Account transfer (Art. 11 ¶2). */
    accountTransfer: accountTransferClient(cases),
    /** Public notices (no credential needed): a coming or done change of an account's operating subject. */
    publicNotices: (accountId?: string) => call<{ notices: Json<PublicNotice>[] }>('GET', `/v1/public-notices${q({ accountId })}`),
    /** Registration (Art. 8 ¶1, 9, 10 ¶1): answered at once; a held one is a case reviewers decide and the applicant may withdraw. */
    registration: {
      register: (body: z.input<typeof RegisterPublicAccountSchema>) => call<Json<RegistrationAnswer>>('POST', '/v1/cases/registration', body),
      get: (accountId: string) => cases.get<Json<RegistrationState>>(rg, accountId),
      review: (accountId: string, body: z.input<typeof ReviewRegistrationSchema>, o?: ActionOptions) => cases.act<Json<RegistrationSummary>>(rg, accountId, 'review', body, o),
      withdraw: (accountId: string, body: z.input<typeof WithdrawRegistrationSchema> = {}, o?: ActionOptions) => cases.act<Json<RegistrationSummary>>(rg, accountId, 'withdraw', body, o),
    },
    accounts: {
      /** Registration (its checks): registered at once (201), held for review (202), or refused (409, every rule named). */
      register: (body: z.input<typeof RegisterPublicAccountSchema>) => call<Json<RegistrationAnswer>>('POST', '/v1/accounts', body),
      update: (accountId: string, body: Omit<z.input<typeof UpdateAccountSchema>, 'id'>) => call<Json<Account>>('PATCH', `/v1/accounts/${seg(accountId)}`, body),
      get: (accountId: string) => call<Json<AccountView>>('GET', `/v1/accounts/${seg(accountId)}`),
    },
    rules: () => call<Policy>('GET', '/v1/rules'),
    notices: (caseRef: string) => call<{ notices: Json<SentNotice>[] }>('GET', `/v1/notices${q({ caseRef })}`),
    records: {
      list: (filter: { accountId?: string; caseRef?: string } = {}) => call<{ records: Json<StoredRecord>[] }>('GET', `/v1/records${q(filter)}`),
      /** Every record, a page at a time, as an export file's lines; `nextAfterSeq` is null at the end. */
      export: (o: { afterSeq?: string; limit?: number } = {}) => call<RecordsPage>('GET', `/v1/records/export${q(o)}`),
      /** The latest signed checkpoints, newest first. */
      checkpoints: (o: { limit?: number } = {}) => call<{ checkpoints: z.infer<typeof StoredCheckpointSchema>[] }>('GET', `/v1/records/checkpoints${q(o)}`),
      /** The chain held against the checkpoints signed by `publicKey` (your own copy, PEM) and any you kept. */
      verify: (body: z.input<typeof VerifyRecordsBodySchema>) => call<z.infer<typeof RecordsVerificationSchema>>('POST', '/v1/records/verification', body),
    },
    measures: {
      /** One page of measures imposed and lifted, in commit order; pass `nextCursor` as `after` for the next. */
      feed: (o: { after?: string; limit?: number } = {}) => call<FeedPage>('GET', `/v1/measures/feed${q(o)}`),
      webhooks: {
        /** The signing `secret` is in this answer only: store it now. */
        subscribe: (body: CreateSubscriptionInput) => call<{ subscription: SubscriptionView; secret: string }>('POST', '/v1/measures/webhooks', body),
        list: () => call<{ subscriptions: SubscriptionView[] }>('GET', '/v1/measures/webhooks'),
        deactivate: (id: string) => call<SubscriptionView>('POST', `/v1/measures/webhooks/${seg(id)}/deactivate`),
      },
    },
    roster: {
      list: () => call<{ operators: Operator[] }>('GET', '/v1/roster'),
      set: (id: string, body: { displayName: string; roles: Role[]; active?: boolean; reason: string }) =>
        call<z.infer<typeof RosterChangeResultSchema>>('PUT', `/v1/roster/${seg(id)}`, body),
    },
    tokens: {
      /** The secret (`token`) is in this answer only: store it now. */
      create: (body: z.input<typeof CreateTokenSchema>) => call<{ token: string; info: TokenInfo }>('POST', '/v1/tokens', body),
      list: (filter: { subject?: string } = {}) => call<{ tokens: TokenInfo[] }>('GET', `/v1/tokens${q(filter)}`),
      revoke: (id: string, reason: string) => call<TokenInfo>('POST', `/v1/tokens/${seg(id)}/revoke`, { reason }),
    },
  };
}
export type ComplianceClient = ReturnType<typeof createComplianceClient>;
