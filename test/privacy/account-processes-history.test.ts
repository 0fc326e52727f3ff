// Unauthorised transfer and voluntary closure keep ID and phone numbers out of their workflows
// entirely: refused at the boundary wherever free text enters a case, and e-mail addresses read by the
// notice activity from the store. So neither the raw history nor the decrypted one holds any of them.
import { temporal } from '@temporalio/proto';
import { decodeAllPayloads } from '../../codec/decode-payloads';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { caseWorkflowId } from '../../workflows/case/ids';
import { unauthorisedTransferDriver, voluntaryClosureDriver } from '../helpers/account-processes';
import { seedAccount, seedOperators, startStack, testPayloadKeysFile, type Stack } from '../helpers/stack';

const PERSONAL = { idNumber: '11010519491231002X', phone: '13812345678', email: 'ouyang.mingyuan@mail.example' };

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
});
afterAll(() => stack?.stop());

async function historyBytes(workflowId: string): Promise<{ raw: Buffer; decoded: Buffer }> {
  const h = await stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
  const bytes = (x: temporal.api.history.v1.IHistory) => Buffer.from(temporal.api.history.v1.History.encode(x).finish());
  return { raw: bytes(h.history!), decoded: bytes(await decodeAllPayloads(new EncryptionCodec(readPayloadKeys(testPayloadKeysFile())), h.history!)) };
}

function expectNone(bytes: Buffer, email: string) {
  for (const [what, value] of Object.entries({ ...PERSONAL, email })) expect({ what, present: bytes.includes(Buffer.from(value, 'utf8')) }).toEqual({ what, present: false });
}

test('an unauthorised-transfer case: a statement with an ID or phone number is refused; the history holds none, raw or decrypted', async () => {
  const ut = unauthorisedTransferDriver(stack);
  const { accountId, email } = await seedAccount(stack.db, 'priv-ut', '明远读书会', PERSONAL.email);
  await ut.report(accountId);
  await expect(ut.respond(accountId, `我是本人，身份证 ${PERSONAL.idNumber}`)).rejects.toMatchObject({ issues: [{ field: 'statement', rule: expect.stringMatching(/must not contain an ID or phone number/) }] });
  await expect(ut.respond(accountId, `电话 ${PERSONAL.phone}`)).rejects.toMatchObject({ issues: [{ field: 'statement' }] });
  await ut.respond(accountId, '账号是本人在用，可电话核实');
  await ut.decide(accountId, 'restore');
  await ut.result(accountId);
  expect(ut.mails(email)).toEqual(['opened', 'restored']);
  const { raw, decoded } = await historyBytes(caseWorkflowId('unauthorised-transfer', accountId));
  expectNone(raw, email);
  expectNone(decoded, email);
});

test('a voluntary closure: a reason with a phone number is refused; the history holds none, raw or decrypted', async () => {
  const vc = voluntaryClosureDriver(stack);
  const { accountId, email } = await seedAccount(stack.db, 'priv-vc', '明远随笔', `vc.${PERSONAL.email}`);
  await expect(vc.apply(accountId, { request: 'close', reason: `有事联系 ${PERSONAL.phone}` })).rejects.toMatchObject({ issues: [{ field: 'reason' }] });
  await vc.apply(accountId, { request: 'close', reason: '不再运营' });
  await expect(vc.cancel(accountId, `身份证 ${PERSONAL.idNumber}`)).rejects.toMatchObject({ issues: [{ field: 'reason' }] });
  await vc.cancel(accountId, '继续运营');
  await vc.result(accountId);
  expect(vc.mails(email)).toEqual(['closure_applied', 'cancelled']);
  const { raw, decoded } = await historyBytes(caseWorkflowId('voluntary-closure', accountId));
  expectNone(raw, email);
  expectNone(decoded, email);
});
