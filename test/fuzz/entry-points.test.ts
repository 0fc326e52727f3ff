/**
 * Fuzzing the platform-facing entry points, against the real stack: every public input schema gets
 * generated invalid inputs (mutate.ts) through the service the CLI and platforms call. Each must be
 * refused with an InvalidInputError naming the field and the rule, and nothing may start or change:
 * no workflow on the task queue, no event in an open case's history, no operator, record, account or
 * e-mail. Positive controls at the end show the same entry points accept valid inputs, and that what
 * the schemas accept the store can keep. (The CLI, cli/main.ts, passes its options to these services.)
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import { InvalidInputError } from '../../schemas/errors';
import {
  ConfirmTerminationSchema,
  ExtendDeadlineSchema,
  OpenNameCorrectionSchema,
  ProposeTerminationSchema,
  RefuseCorrectionSchema,
  RejectTerminationSchema,
  ReviewCorrectionSchema,
  SubmitCorrectionSchema,
  WithdrawCaseSchema,
} from '../../schemas/name-correction';
import { OperatorSchema, type OperatorInput } from '../../schemas/operators';
import {
  confirmNameCorrectionTermination,
  extendNameCorrectionDeadline,
  getNameCorrection,
  openNameCorrection,
  proposeNameCorrectionTermination,
  refuseNameCorrection,
  rejectNameCorrectionTermination,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
} from '../../services/name-correction';
import type { ActionOptions } from '../../services/case/handle';
import { setOperator } from '../../services/operators';
import type { Principal } from '../../rules/roles';
import type { ServiceDeps } from '../../services/deps';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { settled } from '../helpers/settled';
import { eventually } from '../helpers/wait';
import { FINDING, seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { expectNamesField, fuzzParameters, invalid, valid, type Mutant } from './mutate';
import { principal, PLATFORM, SUPERVISOR } from '../helpers/principals';

const ADMIN: Principal = { id: 'admin-test', roles: ['admin'] };

const OPEN = 'fuzz-open'; // seeded, no case: an invalid input that got through would open one
const CASE = 'fuzz-case'; // an open case that invalid actions must leave as it is
const REFUSE = 'fuzz-refuse'; // a second open case, for the refusal's positive control
const OPENED = [OPEN, 'fuzz-ok-1', 'fuzz-ok-2', 'fuzz-ok-3', 'fuzz-ok-4', 'fuzz-ok-5']; // cases the positive control opens

type Action = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) => Promise<unknown>;
// Each sent by a caller allowed to: the refusals come from the input alone.
const ACTIONS: [string, Action, z.ZodType][] = [
  ['submitCorrection', (d, a, r) => submitNameCorrection(d, PLATFORM, a, r), SubmitCorrectionSchema],
  ['refuseCorrection', (d, a, r) => refuseNameCorrection(d, PLATFORM, a, r), RefuseCorrectionSchema],
  ['reviewCorrection', (d, a, r) => reviewNameCorrection(d, SUPERVISOR, a, r), ReviewCorrectionSchema],
  ['extendDeadline', (d, a, r) => extendNameCorrectionDeadline(d, SUPERVISOR, a, r), ExtendDeadlineSchema],
  ['withdrawCase', (d, a, r) => withdrawNameCorrection(d, SUPERVISOR, a, r), WithdrawCaseSchema],
  ['proposeTermination', (d, a, r) => proposeNameCorrectionTermination(d, SUPERVISOR, a, r), ProposeTerminationSchema],
  ['confirmTermination', (d, a, r) => confirmNameCorrectionTermination(d, SUPERVISOR, a, r), ConfirmTerminationSchema],
  ['rejectTermination', (d, a, r) => rejectNameCorrectionTermination(d, SUPERVISOR, a, r), RejectTerminationSchema],
];

let stack: Stack;
let stopWorker: () => Promise<void>;
let before: Snapshot;

const handle = (accountId: string) => stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId));

// Other test files on the same server may change the roster, which signals every open case: not our doing.
const NOT_OURS = ['workflowExecutionSignaledEventAttributes', 'workflowTaskScheduledEventAttributes', 'workflowTaskStartedEventAttributes', 'workflowTaskCompletedEventAttributes'];

/** A case's history as the kinds of its events (update accepted, activity scheduled, ...), roster signals left out. */
async function historyOf(accountId: string): Promise<string[]> {
  const { events } = await handle(accountId).fetchHistory();
  return (events ?? [])
    .map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k] != null) ?? 'unknown')
    .filter((k) => !NOT_OURS.includes(k));
}

/** Everything an accepted input could change. */
async function snapshot() {
  const rows = async (sql: string) => (await stack.db.query(sql)).rows;
  return {
    histories: await Promise.all([CASE, REFUSE].map(historyOf)),
    cases: await Promise.all([CASE, REFUSE].map((a) => getNameCorrection(stack.deps, a))),
    operators: await rows('SELECT * FROM operators ORDER BY id'),
    accounts: await rows('SELECT * FROM accounts ORDER BY id'),
    records: await listRecords(stack.db),
    mails: stack.sink.messages().length,
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

async function workflowsOnTaskQueue(): Promise<number> {
  return (await stack.client.workflow.count(`TaskQueue = "${stack.taskQueue}"`)).count;
}

/** The call is refused with an InvalidInputError of the form "invalid <what>: field: rule; ..." naming the broken field. */
async function expectRefused(call: Promise<unknown>, what: string, m: Mutant): Promise<void> {
  const err = await call.then(
    () => new Error('accepted'),
    (e: unknown) => e as Error,
  );
  if (!(err instanceof InvalidInputError)) throw new Error(`not an InvalidInputError: ${err.name}: ${err.message}`);
  expect(err.message).toBe(`invalid ${what}: ${err.issues.map((i) => `${i.field}: ${i.rule}`).join('; ')}`);
  expectNamesField(err.issues, m);
}

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  for (const a of new Set([...OPENED, CASE, REFUSE])) await seedAccount(stack.db, a, `国务院${a}`);
  stopWorker = (await stack.startWorker()).stop;
  for (const a of [CASE, REFUSE]) {
    await openNameCorrection(stack.deps, PLATFORM, { accountId: a, findings: [FINDING] });
    await stack.sink.waitFor((m) => m.to.includes(`${a}@users.example`) && m.headers['x-notice-kind'] === 'opened');
  }
  await eventually(async () => expect(await workflowsOnTaskQueue()).toBe(2));
  // Settled: both cases have suspended their account and sent their notice, and wait for the holder.
  for (const a of [CASE, REFUSE]) await settled(handle(a));
  before = await snapshot();
  await new Promise((r) => setTimeout(r, 500));
  expect(await snapshot()).toEqual(before);
});
afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
});

describe('invalid inputs are refused naming the field and the rule, and start or change nothing', () => {
  test('openNameCorrection (OpenNameCorrectionSchema)', async () => {
    // valid inputs for the seeded account: a mutant that got through would open its case
    const base = valid(OpenNameCorrectionSchema).map((v) => ({ ...(v as object), accountId: OPEN }));
    await fc.assert(
      fc.asyncProperty(invalid(OpenNameCorrectionSchema, { base }), async (m) => {
        await expectRefused(openNameCorrection(stack.deps, PLATFORM, m.input), 'name-correction case', m);
      }),
      fuzzParameters(150),
    );
    await expect(handle(OPEN).describe()).rejects.toThrow(/not found/i);
  });

  test.each(ACTIONS)('%s (its schema), on an open case', async (name, action, schema) => {
    await fc.assert(
      fc.asyncProperty(invalid(schema), async (m) => {
        await expectRefused(action(stack.deps, CASE, m.input), name, m);
      }),
      fuzzParameters(100),
    );
  });

  test('every action, with an invalid account id (AccountIdSchema)', async () => {
    const bodies = ACTIONS.map(([name, action, schema]) => valid(schema).map((body) => ({ name, action, body })));
    await fc.assert(
      fc.asyncProperty(fc.oneof(...bodies), invalid(AccountIdSchema), async ({ action, body }, m) => {
        await expectRefused(action(stack.deps, m.input as string, body), 'accountId', m);
      }),
      fuzzParameters(100),
    );
  });

  test('setOperator (OperatorSchema)', async () => {
    await fc.assert(
      fc.asyncProperty(invalid(OperatorSchema), async (m) => {
        await expectRefused(setOperator(stack.deps, ADMIN, m.input as OperatorInput), 'operator', m);
      }),
      fuzzParameters(150),
    );
  });

  test('afterwards: no workflow started, no case history grew or changed, no operator, account, record or e-mail', async () => {
    expect(await snapshot()).toEqual(before);
    // visibility is eventually consistent: give a stray start time to show, then count
    await new Promise((r) => setTimeout(r, 1000));
    expect(await workflowsOnTaskQueue()).toBe(2);
    await expect(handle(OPEN).describe()).rejects.toThrow(/not found/i);
  });
});

describe('positive controls: generated valid inputs are accepted by the same entry points', () => {
  const sample = <T>(s: z.ZodType) => fc.sample(valid(s), { numRuns: 1, seed: 7 })[0] as T;

  test('openNameCorrection starts a case, and the case can record what it was given', async () => {
    // Free text may hold any character the schema allows: the case must be able to store it (suspend and record).
    const inputs = fc.sample(valid(OpenNameCorrectionSchema), { numRuns: OPENED.length, seed: 7 }) as object[];
    for (const [i, accountId] of OPENED.entries()) {
      expect(await openNameCorrection(stack.deps, PLATFORM, { ...inputs[i], accountId })).toMatchObject({ created: true });
      await eventually(async () => expect((await listRecords(stack.db, { accountId })).map((r) => r.action)).toEqual(['suspend_service']));
    }
    await eventually(async () => expect(await workflowsOnTaskQueue()).toBe(2 + OPENED.length));
  });

  test.each([...ACTIONS.map(([n, , s]) => [n, s] as const), ['openNameCorrection', OpenNameCorrectionSchema] as const, ['setOperator', OperatorSchema] as const])(
    '%s: whatever its schema accepts, the store keeps unchanged (text and jsonb)',
    async (_, schema) => {
      const strings = (v: unknown): string[] =>
        typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
      await fc.assert(
        fc.asyncProperty(valid(schema), async (input) => {
          const out = schema.parse(input);
          const { rows } = await stack.db.query('SELECT $1::text[] AS t, $2::jsonb AS j', [strings(out), JSON.stringify(out)]);
          expect(rows[0]).toEqual({ t: strings(out), j: JSON.parse(JSON.stringify(out)) });
        }),
        fuzzParameters(100),
      );
    },
  );

  test('setOperator adds the operator', async () => {
    const op = sample<OperatorInput>(OperatorSchema);
    await setOperator(stack.deps, ADMIN, op);
    expect((await stack.db.query('SELECT id FROM operators WHERE id = $1', [op.id])).rows).toHaveLength(1);
  });

  test('every action acts on the case', async () => {
    const supervisor = 'supervisor-wang';
    const length = async (a: string) => (await handle(a).fetchHistory()).events?.length ?? 0;
    const grows = async (a: string, act: () => Promise<unknown>) => {
      const n = await length(a);
      await act();
      expect(await length(a)).toBeGreaterThan(n);
    };
    await grows(CASE, () => submitNameCorrection(stack.deps, PLATFORM, CASE, { profile: { ...sample<{ profile: object }>(SubmitCorrectionSchema).profile, name: '老张说事' } }));
    expect((await getNameCorrection(stack.deps, CASE)).stage).toBe('under_review');
    await grows(CASE, () =>
      reviewNameCorrection(stack.deps, principal(supervisor), CASE, { ...sample<object>(ReviewCorrectionSchema), submissionNo: 1, decision: 'reject' }),
    );
    const deadline = (await getNameCorrection(stack.deps, CASE)).deadline!.at;
    const newDeadline = new Date(Date.parse(deadline) + 86_400_000).toISOString();
    await grows(CASE, () => extendNameCorrectionDeadline(stack.deps, principal(supervisor), CASE, { ...sample<object>(ExtendDeadlineSchema), newDeadline }));
    await grows(CASE, () => withdrawNameCorrection(stack.deps, principal(supervisor), CASE, { ...sample<object>(WithdrawCaseSchema) }));
    await grows(REFUSE, () => refuseNameCorrection(stack.deps, PLATFORM, REFUSE, sample<object>(RefuseCorrectionSchema)));
    // Four eyes: the refusal's termination is proposed by one operator and confirmed by another.
    await grows(REFUSE, () => proposeNameCorrectionTermination(stack.deps, principal('reviewer-li'), REFUSE, sample<object>(ProposeTerminationSchema)));
    await grows(REFUSE, () => confirmNameCorrectionTermination(stack.deps, principal(supervisor), REFUSE, { ...sample<object>(ConfirmTerminationSchema), proposalNo: 1 }));
    expect(await handle(CASE).result()).toMatchObject({ outcome: 'withdrawn' });
    expect(await handle(REFUSE).result()).toMatchObject({ outcome: 'terminated' });
  });
});
