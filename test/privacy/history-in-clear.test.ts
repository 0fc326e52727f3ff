// Personal data never reaches Temporal in clear: a case whose input and actions carry a real name, an
// ID-card number, a phone number and an e-mail address leaves a history in which none of them can be
// read without the payload keys, and which the keys read back whole.
import { temporal } from '@temporalio/proto';
import { decodeAllPayloads } from '../../codec/decode-payloads';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { openNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
import type { NameCorrectionState } from '../../workflows/name-correction/state';
import { nameCorrectionStack } from '../helpers/name-correction';
import { PLATFORM } from '../helpers/principals';
import { seedAccount, testPayloadKeysFile } from '../helpers/stack';

const t = nameCorrectionStack();

const PERSONAL = {
  realName: '欧阳明远',
  idNumber: '11010519491231002X',
  phone: '13812345678',
  email: 'ouyang.mingyuan@mail.example',
};

/** The whole history, page by page, as the server stores and serves it: no data converter, no codec. */
async function rawHistory(workflowId: string): Promise<temporal.api.history.v1.IHistory> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await t.stack.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

const bytesOf = (h: temporal.api.history.v1.IHistory) => Buffer.from(temporal.api.history.v1.History.encode(h).finish());

test('a finished case with personal data in its input, actions and mail leaves none of it readable in the history', async () => {
  const accountId = 'acc-privacy';
  await seedAccount(t.stack.db, accountId, `${PERSONAL.realName}读书会`, PERSONAL.email);
  await openNameCorrection(t.stack.deps, PLATFORM, {
    accountId,
    findings: [{ field: 'name', ground: 'identity_mismatch', detail: `名称使用了他人真实姓名${PERSONAL.realName}（身份证号 ${PERSONAL.idNumber}）` }],
  });
  await t.nc.noticed(accountId);
  const submitted = await t.nc.submit(accountId, { name: '明远读书会', bio: `读书交流，联系 ${PERSONAL.phone} 或 ${PERSONAL.email}` });
  if (submitted.stage === 'under_review') {
    await t.nc.reject(accountId, 1, `简介含有${PERSONAL.realName}的手机号 ${PERSONAL.phone}，不得公开`);
  }
  await t.nc.refuse(accountId, `我是${PERSONAL.realName}，身份证 ${PERSONAL.idNumber}，电话 ${PERSONAL.phone}，邮箱 ${PERSONAL.email}，拒绝修改`);
  // Terminating service takes four eyes: one proposes, a second supervisor confirms; the reasons quote the holder too.
  await t.nc.propose(accountId, 'reviewer-li', `用户${PERSONAL.realName}（${PERSONAL.phone}）拒绝改正`);
  await t.nc.confirm(accountId, 1, 'supervisor-wang', `已核实身份证 ${PERSONAL.idNumber}，同意终止`);
  expect(await t.nc.result(accountId)).toMatchObject({ outcome: 'terminated' });

  const history = await rawHistory(caseWorkflowId('name-correction', accountId));
  const raw = bytesOf(history);
  // The history is real and whole: the refusal is in it, as an accepted update.
  const types = history.events!.map((e) => e.eventType);
  expect(types).toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  expect(types).toContain(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  for (const [what, value] of Object.entries(PERSONAL)) {
    expect({ what, inClear: raw.includes(Buffer.from(value, 'utf8')) }).toEqual({ what, inClear: false });
  }

  // With the keys, every one of them is there: the case's record is complete, only sealed.
  const decoded = bytesOf(await decodeAllPayloads(new EncryptionCodec(readPayloadKeys(testPayloadKeysFile())), history));
  for (const [what, value] of Object.entries(PERSONAL)) {
    expect({ what, decoded: decoded.includes(Buffer.from(value, 'utf8')) }).toEqual({ what, decoded: true });
  }

  // The product, with its data converter, still reads the case as it was.
  const state = (await t.nc.state(accountId)) as NameCorrectionState;
  expect(JSON.stringify(state.events)).toContain(PERSONAL.idNumber);
});
