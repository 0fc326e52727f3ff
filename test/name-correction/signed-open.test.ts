// Someone with the Temporal namespace but not the API cannot open a case (and so suspend an account):
// raw `workflow start`s, as an attacker would send them with the Temporal client, are refused by the
// case before it imposes anything or mails anyone.
import { randomBytes } from 'node:crypto';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { createActionSigner } from '../../security/action-signer';
import { activeMeasures } from '../../store/measures';
import { listRecords } from '../../store/records';
import { OPENING_REFUSED, OPENING_REFUSED_STAGE } from '../../workflows/case/case';
import { caseWorkflowId } from '../../workflows/case/ids';
import { OPEN_ACTION } from '../../workflows/case/opening';
import { CaseStage } from '../../workflows/search-attributes';
import { testSigner } from '../helpers/action-keys';
import { FINDING, nameCorrectionDriver, nameCorrectionStack } from '../helpers/name-correction';
import { PLATFORM } from '../helpers/principals';
import { recordHistory } from '../helpers/record-history';
import { seedAccount, seedOperators, startStack, testPayloadKeysFile } from '../helpers/stack';

const t = nameCorrectionStack();

type Signer = ReturnType<typeof testSigner>;
const attackerKey = (keyId: string) => createActionSigner({ keyId, privateKey: randomBytes(32).toString('hex') });
const inputFor = (accountId: string, caseRef = 'NC-20261201-ATTACK22', openedBy = PLATFORM.id) => ({ accountId, findings: [FINDING], openedBy, caseRef });
const sealFor = (signer: Signer, input: ReturnType<typeof inputFor>, o: { workflowId?: string; actor?: string } = {}) =>
  signer.seal({ actor: o.actor ?? input.openedBy, workflowId: o.workflowId ?? caseWorkflowId('name-correction', input.accountId), action: OPEN_ACTION, requestId: input.caseRef, input });

/** A raw start, as the Temporal client sends it: no services, no API in between. */
const rawStart = (workflowId: string, args: unknown[]) =>
  t.stack.client.workflow.start('nameCorrection', { workflowId, taskQueue: t.stack.taskQueue, args: args as [unknown] });

/** Why the run failed (its failure's message), having checked that it failed as a refused opening. */
async function refusalOf(h: WorkflowHandle): Promise<string> {
  const err = await h.result().then(
    () => new Error('the case opened'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
  expect(cause.type).toBe(OPENING_REFUSED);
  const d = await h.describe();
  expect([d.status.name, d.typedSearchAttributes.get(CaseStage)]).toEqual(['FAILED', OPENING_REFUSED_STAGE]);
  return cause.message;
}

/** Nothing happened to the account: no measure, no mail, no suspension record; the refusal is recorded (ids only). */
async function untouched(accountId: string, email: string, refusal: string) {
  expect(await activeMeasures(t.stack.db, accountId)).toEqual([]);
  expect(t.nc.mails(email)).toEqual([]);
  const records = await listRecords(t.stack.db, { accountId });
  expect(records.map((r) => r.action)).not.toContain('suspend_service');
  const refused = records.filter((r) => r.action === 'refuse_opening');
  expect(refused.map((r) => [r.actor, r.reason])).toContainEqual(['system', refusal.replace(/^name-correction case not opened: /, '')]);
  // The record carries ids and the case's words: not the findings (nor anything else of the input).
  for (const r of refused) expect(JSON.stringify(r)).not.toContain(FINDING.detail);
}

test('an unsigned, forged, wrongly keyed, expired or altered raw start opens nothing and fails at once', async () => {
  const attempts: [string, (accountId: string) => Promise<unknown[]>, string | RegExp][] = [
    ['unsigned', async (a) => [inputFor(a)], 'unsigned opening refused'],
    // Not even a case's input: refused as such, not stuck on a failing workflow task.
    ['malformed', async (a) => [{ accountId: a, findings: 'x' }], "the opening's input is malformed: caseRef: is required; openedBy: is required"],
    ['forged', async (a) => [inputFor(a), await sealFor(attackerKey('k1'), inputFor(a))], 'signature does not verify for key k1'],
    ['own-key', async (a) => [inputFor(a), await sealFor(attackerKey('k9'), inputFor(a))], 'signature key k9 is not trusted by this case (trusted: k1)'],
    ['expired', async (a) => [inputFor(a), await sealFor(testSigner(() => Date.now() - 6 * 60_000), inputFor(a))], /opening expired \(issued .*, limit 5 min\)$/],
    // A genuine seal, and the findings changed after it was made.
    ['altered', async (a) => [{ ...inputFor(a), findings: [{ ...FINDING, field: 'bio' }] }, await sealFor(testSigner(), inputFor(a))], 'the input is not the one the seal was issued for'],
    // A genuine seal for an opener the roster does not know (the API would not have let them through).
    ['stranger', async (a) => [inputFor(a, undefined, 'mallory'), await sealFor(testSigner(), inputFor(a, undefined, 'mallory'))], 'openedBy: "mallory" is not on the operator roster'],
  ];
  await Promise.all(
    attempts.map(async ([tag, args, message]) => {
      const { accountId, email } = await seedAccount(t.stack.db, `so-${tag}`, '国务院观察');
      const h = await rawStart(caseWorkflowId('name-correction', accountId), await args(accountId));
      const refusal = await refusalOf(h);
      expect(refusal).toMatch(message);
      await untouched(accountId, email, refusal);
      // Asked, it says why (not "still opening").
      const why = refusal.replace(/^name-correction case not opened: /, '');
      expect(await h.query('getCase')).toMatchObject({ stage: OPENING_REFUSED_STAGE, refusal: why, events: [] });
      if (tag === 'unsigned') await recordHistory(t.stack.client, h.workflowId, `name-correction.signed-open.refused-${accountId}`);
    }),
  );
});

test("a genuine opening's seal, copied to another account's case or another workflow id, opens nothing; the account's own case still opens", async () => {
  const a = await seedAccount(t.stack.db, 'so-victim-a', '国务院观察');
  const b = await seedAccount(t.stack.db, 'so-victim-b', '国务院观察');
  await t.nc.open(a.accountId);
  await t.nc.noticed(a.accountId);
  // What the attacker reads out of A's history (with the payload keys: the worst case).
  const started = (await t.nc.handle(a.accountId).fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
  const codec = new EncryptionCodec(readPayloadKeys(testPayloadKeysFile()));
  const [inputA, sealA] = (await codec.decode(started.input!.payloads!)).map((p) => defaultPayloadConverter.fromPayload(p)) as [ReturnType<typeof inputFor>, unknown];
  expect(sealA).toMatchObject({ actor: PLATFORM.id, action: 'open', workflowId: caseWorkflowId('name-correction', a.accountId), requestId: inputA.caseRef });

  const onB = await rawStart(caseWorkflowId('name-correction', b.accountId), [{ ...inputA, accountId: b.accountId }, sealA]);
  expect(await refusalOf(onB)).toMatch(`the seal is for case name-correction:${a.accountId}, not this one (name-correction:${b.accountId})`);
  // A's own input under another id would be a second case for A.
  const second = await rawStart(`name-correction:${a.accountId}:2`, [inputA, sealA]);
  expect(await refusalOf(second)).toMatch(`a name-correction case for account ${a.accountId} runs as name-correction:${a.accountId}, not under another workflow id`);
  await untouched(b.accountId, b.email, await refusalOf(onB));

  // A's case is untouched by the copies; B's case opens through the services as usual.
  expect((await activeMeasures(t.stack.db, a.accountId)).map((m) => m.kind)).toEqual(['suspend_service']);
  // The refusals name the case reference they copied: its records show the attempts.
  expect(await t.nc.records(inputA.caseRef)).toEqual([`suspend_service:${PLATFORM.id}`, 'refuse_opening:system', 'refuse_opening:system']);
  await t.nc.open(b.accountId);
  await t.nc.noticed(b.accountId);
  expect((await activeMeasures(t.stack.db, b.accountId)).map((m) => m.kind)).toEqual(['suspend_service']);
  expect(t.nc.mails(b.email)).toEqual(['opened']);
  await t.nc.withdraw(a.accountId);
  await t.nc.withdraw(b.accountId);
  await t.nc.result(b.accountId);
  await t.nc.result(a.accountId, `name-correction.signed-open.${a.accountId}`);
});

test('a case opened through the services is sealed for its opener and runs as before', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'so-normal', '国务院观察');
  const { caseRef } = await t.nc.open(accountId, 'supervisor-wang');
  await t.nc.noticed(accountId);
  expect((await t.nc.state(accountId)).openedBy).toBe('supervisor-wang');
  expect(await t.nc.records(caseRef)).toEqual(['suspend_service:supervisor-wang']);
  expect(t.nc.mails(email)).toEqual(['opened']);
  await t.nc.submit(accountId, { name: '观察者说' });
  await t.nc.approve(accountId);
  expect((await t.nc.result(accountId, `name-correction.signed-open.${accountId}`)).outcome).toBe('restored');
  expect(await activeMeasures(t.stack.db, accountId)).toEqual([]);
});

test("a case started while no worker runs opens when one is back, after its seal's age: the age is counted to the server's start", async () => {
  // Its own stack: a seal age of one minute, and no worker until the seal is older than that.
  const stack = await startStack({ policy: { nameCorrection: { sealMaxAge: '1 minute' } } });
  try {
    await seedOperators(stack.db);
    const nc = nameCorrectionDriver(stack);
    const { accountId } = await seedAccount(stack.db, 'so-outage', '国务院观察');
    const { caseRef } = await nc.open(accountId);
    await new Promise((r) => setTimeout(r, 65_000));
    await stack.startWorker();
    await nc.noticed(accountId);
    expect(await nc.records(caseRef)).toEqual([`suspend_service:${PLATFORM.id}`]);
    // A start whose seal was already older than that when the server received it is refused.
    const late = await seedAccount(stack.db, 'so-outage-late', '国务院观察');
    const input = inputFor(late.accountId);
    const h = await stack.client.workflow.start('nameCorrection', {
      workflowId: caseWorkflowId('name-correction', late.accountId),
      taskQueue: stack.taskQueue,
      args: [input, await sealFor(testSigner(() => Date.now() - 65_000), input)] as unknown[] as [unknown],
    });
    await expect(h.result()).rejects.toMatchObject({ cause: { type: OPENING_REFUSED, message: expect.stringMatching(/opening expired \(issued .*, limit 1 min\)$/) } });
    await nc.withdraw(accountId);
    await nc.result(accountId);
  } finally {
    await stack.stop();
  }
}, 150_000);
