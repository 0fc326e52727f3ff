// Someone with the Temporal namespace but not the API cannot get an action accepted in anyone's name:
// raw updates sent straight to the case with the Temporal client, as an attacker would send them.
import { randomBytes } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { publicKeyOf, type ActionSeal } from '../../security/action-seal';
import { createActionSigner } from '../../security/action-signer';
import { listRecords } from '../../store/records';
import { rosterChanged } from '../../workflows/case/case';
import { testSigner, testVerifyKeys } from '../helpers/action-keys';
import { nameCorrectionDriver, type NameCorrectionDriver } from '../helpers/name-correction';
import { settled } from '../helpers/settled';
import { seedAccount, seedOperators, startStack, testDataConverter, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';

// The stack's worker is kept at hand: the rotation test replaces it with one that has the new key.
const t = {} as { stack: Stack; nc: NameCorrectionDriver; worker: { stop(): Promise<void> } };
beforeAll(async () => {
  t.stack = await startStack();
  await seedOperators(t.stack.db);
  t.worker = await t.stack.startWorker();
  t.nc = nameCorrectionDriver(t.stack);
});
afterAll(() => t.stack?.stop());

const attackerKey = (keyId: string) => ({ keyId, privateKey: randomBytes(32).toString('hex') });
/** A raw update, as the Temporal client sends it: no services, no API in between. */
const send = (h: WorkflowHandle, name: string, args: unknown[], updateId: string) => h.executeUpdate<unknown, [unknown, ...unknown[]]>(name, { args: args as [unknown], updateId });
const sealFor = (h: WorkflowHandle, signer: ReturnType<typeof testSigner>, action: string, input: unknown, requestId: string, actor = 'supervisor-wang') =>
  signer.seal({ actor, workflowId: h.workflowId, action, requestId, input });

async function openCase(id: string) {
  const { accountId } = await seedAccount(t.stack.db, id, '国务院观察');
  const { caseRef } = await t.nc.open(accountId);
  await t.nc.noticed(accountId);
  return { accountId, caseRef, handle: t.nc.handle(accountId) };
}
/** Why the case refused a raw update (the validator's message), or a failure if it was accepted. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the update was accepted');
    },
    (err: Error) => (err.cause as Error | undefined)?.message ?? err.message,
  );
const size = async (h: WorkflowHandle) => (await h.fetchHistory()).events!.length;

/**
 * An update from someone with the namespace but not the payload keys: the gRPC call itself, the input in
 * plain JSON (workers read unencrypted payloads, as histories from before encryption have them).
 */
async function updateWithoutKeys(h: WorkflowHandle, name: string, args: unknown[], updateId: string) {
  const { outcome } = await t.stack.client.workflowService.updateWorkflowExecution({
    namespace: 'default',
    workflowExecution: { workflowId: h.workflowId },
    waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_COMPLETED },
    request: { meta: { updateId, identity: 'mallory' }, input: { name, args: { payloads: args.map((a) => defaultPayloadConverter.toPayload(a)) } } },
  });
  return outcome!;
}
/** A failure's message as the product reads it: decrypted with the payload keys. */
async function decodedMessage(failure: temporal.api.failure.v1.IFailure): Promise<string> {
  const [attributes] = await testDataConverter().payloadCodecs![0]!.decode([failure.encodedAttributes!]);
  return defaultPayloadConverter.fromPayload<{ message: string }>(attributes!).message;
}

test('unsigned, forged, wrongly keyed, tampered, replayed and expired raw updates are refused, and nothing is recorded', async () => {
  const { accountId, caseRef, handle } = await openCase('sig-attack');
  const withdraw = { reason: '我说撤就撤', operatorId: 'supervisor-wang' };
  const before = { history: await size(handle), records: await t.nc.records(caseRef) };

  await expect(refusal(send(handle, 'withdrawCase', [withdraw], 'u-1'))).resolves.toMatch('unsigned action refused');
  const forged = await sealFor(handle, createActionSigner(attackerKey('k1')), 'withdrawCase', withdraw, 'u-2');
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, forged], 'u-2'))).resolves.toMatch('signature does not verify for key k1');
  const ownKey = await sealFor(handle, createActionSigner(attackerKey('k9')), 'withdrawCase', withdraw, 'u-3');
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, ownKey], 'u-3'))).resolves.toMatch('signature key k9 is not trusted by this case (trusted: k1)');
  // A genuine seal on another input, another action, another case or another update id.
  const genuine = await sealFor(handle, testSigner(), 'extendDeadline', { reason: '延期', newDeadline: '2099-01-01T00:00:00Z' }, 'u-4');
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, { ...genuine, action: 'withdrawCase' }], 'u-4a'))).resolves.toMatch('signature does not verify for key k1');
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, genuine], 'u-4b'))).resolves.toMatch('the seal is for extendDeadline, not withdrawCase');
  await expect(refusal(send(handle, 'extendDeadline', [{ reason: '延期', newDeadline: '2098-01-01T00:00:00Z' }, genuine], 'u-4c'))).resolves.toMatch(
    'the input is not the one the seal was issued for',
  );
  const elsewhere = await testSigner().seal({ actor: 'supervisor-wang', workflowId: 'name-correction:other', action: 'withdrawCase', requestId: 'u-5', input: withdraw });
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, elsewhere], 'u-5'))).resolves.toMatch(`the seal is for case name-correction:other, not this one (${handle.workflowId})`);
  const expired = await sealFor(handle, testSigner(() => Date.now() - 6 * 60_000), 'withdrawCase', withdraw, 'u-6');
  await expect(refusal(send(handle, 'withdrawCase', [withdraw, expired], 'u-6'))).resolves.toMatch(/^action expired \(issued .*, limit 5 min\)$/);
  // A genuine seal names its actor: the input cannot name another.
  const asWang = await sealFor(handle, testSigner(), 'withdrawCase', { ...withdraw, operatorId: 'supervisor-zhao' }, 'u-7');
  await expect(refusal(send(handle, 'withdrawCase', [{ ...withdraw, operatorId: 'supervisor-zhao' }, asWang], 'u-7'))).resolves.toMatch(
    'operatorId: "supervisor-zhao" is not the actor the action is signed for ("supervisor-wang")',
  );
  // The account holder's own action must come through a platform service on the roster.
  const submit = { profile: { name: '老张说事' } };
  const noVia = await testSigner().seal({ actor: `holder:${accountId}`, workflowId: handle.workflowId, action: 'submitCorrection', requestId: 'u-8', input: submit });
  await expect(refusal(send(handle, 'submitCorrection', [submit, noVia], 'u-8'))).resolves.toMatch(/^via: "" is not a platform service on the roster/);
  const viaOperator = await testSigner().seal({ actor: `holder:${accountId}`, via: 'reviewer-li', workflowId: handle.workflowId, action: 'submitCorrection', requestId: 'u-9', input: submit });
  await expect(refusal(send(handle, 'submitCorrection', [submit, viaOperator], 'u-9'))).resolves.toMatch(/^via: "reviewer-li" is not a platform service/);

  // Without the payload keys: refused all the same, and the answer does not say why (the reason is sealed).
  const plain = await updateWithoutKeys(handle, 'withdrawCase', [withdraw], 'nk-1');
  const ownSeal = await sealFor(handle, createActionSigner(attackerKey('k1')), 'withdrawCase', withdraw, 'nk-2');
  const plainForged = await updateWithoutKeys(handle, 'withdrawCase', [withdraw, ownSeal], 'nk-2');
  for (const outcome of [plain, plainForged]) {
    expect(outcome.success).toBeFalsy();
    expect(outcome.failure).toMatchObject({ message: 'Encoded failure', applicationFailureInfo: { type: 'InvalidAction', nonRetryable: true } });
  }
  await expect(decodedMessage(plain.failure!)).resolves.toBe('unsigned action refused');
  await expect(decodedMessage(plainForged.failure!)).resolves.toBe('signature does not verify for key k1');

  expect(await size(handle)).toBe(before.history);
  expect(await t.nc.records(caseRef)).toEqual(before.records);

  // A genuine action, then the same seal again under a new update id: refused as a replay.
  const extend = { reason: '节假日顺延', newDeadline: new Date(Date.parse((await t.nc.state(accountId)).deadline!.at) + 86_400_000).toISOString(), operatorId: 'supervisor-wang' };
  const sealed = await sealFor(handle, testSigner(), 'extendDeadline', extend, 'req-ext-1');
  await send(handle, 'extendDeadline', [extend, sealed], 'req-ext-1');
  // Settled: the extension's record and notice are done.
  await settled(handle);
  expect(await t.nc.records(caseRef)).toEqual([...before.records, 'extend_deadline:supervisor-wang']);
  const afterOne = await size(handle);
  await expect(refusal(send(handle, 'extendDeadline', [extend, sealed], 'req-ext-1-again'))).resolves.toMatch('request req-ext-1 already used in this case');
  // The same update id again is the same update: Temporal answers with its result and runs nothing.
  await send(handle, 'extendDeadline', [extend, sealed], 'req-ext-1');
  expect(await size(handle)).toBe(afterOne);
  expect((await t.nc.state(accountId)).events.filter((e) => e.type === 'deadline_extended')).toHaveLength(1);
  await eventually(async () => expect((await listRecords(t.stack.db, { caseRef })).filter((r) => r.action === 'extend_deadline')).toHaveLength(1));
  await t.nc.withdraw(accountId);
  await t.nc.result(accountId, `name-correction.signed.${accountId}`);
});

test('a new signing key: cases already open trust it once workers have it and the cases are told, and the old key still verifies', async () => {
  const { accountId, handle } = await openCase('sig-rotate');
  const k2 = { keyId: 'k2', privateKey: randomBytes(32).toString('hex') };
  const rotated = { ...testVerifyKeys(), k2: publicKeyOf(Buffer.from(k2.privateKey, 'hex')) };
  const extendBy = async (days: number, signer: ReturnType<typeof testSigner>, requestId: string) => {
    const extend = { reason: '顺延', newDeadline: new Date(Date.parse((await t.nc.state(accountId)).deadline!.at) + days * 86_400_000).toISOString(), operatorId: 'supervisor-wang' };
    return send(handle, 'extendDeadline', [extend, (await sealFor(handle, signer, 'extendDeadline', extend, requestId)) as ActionSeal], requestId);
  };
  await expect(refusal(extendBy(1, createActionSigner(k2), 'rot-1'))).resolves.toMatch('signature key k2 is not trusted by this case (trusted: k1)');

  // Workers restarted with both public keys; the case told to read them again (as after a roster change).
  await t.worker.stop();
  t.worker = await t.stack.startWorker({ actionVerifyKeys: rotated });
  await handle.signal(rosterChanged);
  await eventually(async () => {
    await extendBy(1, createActionSigner(k2), `rot-2-${Date.now()}`);
  }, 20_000);
  await extendBy(1, testSigner(), 'rot-3');
  expect((await t.nc.state(accountId)).events.filter((e) => e.type === 'deadline_extended')).toHaveLength(2);
  await t.nc.withdraw(accountId);
  await t.nc.result(accountId);
});
