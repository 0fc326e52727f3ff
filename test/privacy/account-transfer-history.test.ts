// A transfer's receiving side sends its ID number, phone, real name and e-mail address to the API: none
// of them may enter the case's workflow history, not even encrypted (the case gets a subject id and
// masked forms; notices read addresses from the store).
import { decodeAllPayloads } from '../../codec/decode-payloads';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { temporal } from '@temporalio/proto';
import { knownReceiver, seedHeldAccount, transferStack } from '../helpers/account-transfer';
import { testPayloadKeysFile } from '../helpers/stack';

const t = transferStack();

test('a transfer through approval and withdrawal in its notice period: no ID number, phone, real name or e-mail in the history, even decoded', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(t.stack.db, 'at-privacy');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-privacy', '欧阳明远');
  await t.at.open(accountId, holderSubjectId, receiver);
  await t.at.stage(accountId, 'awaiting_confirmations');
  await t.at.holderConfirms(accountId);
  await t.at.receiverConfirms(accountId);
  await t.at.review(accountId, 'approve', 'reviewer-li');
  await t.at.confirmApproval(accountId, 'confirm', 'supervisor-wang');
  await t.at.stage(accountId, 'notice_period');
  await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'approved');
  await t.at.withdraw(accountId, '不再迁移');
  expect(await t.at.result(accountId)).toMatchObject({ outcome: 'withdrawn' });
  // The withdrawal after the pending notice is published too.
  expect((await t.at.notices(accountId)).map((n) => n.kind)).toEqual(['transfer_cancelled', 'transfer_pending']);

  const history = await t.at.handle(accountId).fetchHistory();
  const decoded = await decodeAllPayloads(new EncryptionCodec(readPayloadKeys(testPayloadKeysFile())), history);
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(decoded).finish());
  const personal = { idNumber: receiver.claim.number, phone: receiver.claim.phone, realName: receiver.claim.name, receiverEmail: receiver.email, holderEmail: email };
  for (const [what, value] of Object.entries(personal)) {
    expect({ what, inHistory: bytes.includes(Buffer.from(value, 'utf8')) }).toEqual({ what, inHistory: false });
  }
  // What the case does hold: the subject id and the masked number.
  expect(bytes.includes(Buffer.from(receiver.subjectId))).toBe(true);
  expect(bytes.includes(Buffer.from(`${receiver.claim.number.slice(0, 6)}********${receiver.claim.number.slice(-4)}`))).toBe(true);
});
