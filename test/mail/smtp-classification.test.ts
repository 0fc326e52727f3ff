/**
 * The real sendNotice activity against a real SMTP server (smtp-server) that answers chosen commands
 * with chosen codes, and a real store (PostgreSQL). Only a 5xx to RCPT TO makes a notice undeliverable:
 * greylisting, a refused sender or a wrong relay password must be retried, or an account could be
 * terminated without its holder ever being told.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createNoticeActivities, NOTICE_CLAIM_LEASE_MS, type CaseNoticeInput, type LegacyNoticeInput } from '../../activities/notices';
import { createMailer, type Mailer } from '../../mail/mailer';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../mail/sink';
import { parsePolicy } from '../../policy/policy';
import { connect, type Db } from '../../store/db';
import { startMigratedDatabase } from '../helpers/postgres';
import { findSentNotice, listNotices } from '../../store/notices';
import { NOTICE_UNDELIVERABLE } from '../../workflows/failure-types';
import { FINDING, seedAccount } from '../helpers/stack';

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const FROM = '合规通知 <compliance@platform.example>';
const DEADLINE = '2026-12-01T12:00:00.000Z';

let database: { url: string; stop(): Promise<void> };
let db: Db;
let email: string;
const ACCOUNT = 'acc-smtp';
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  database = await startMigratedDatabase();
  db = connect(database.url);
  ({ email } = await seedAccount(db, ACCOUNT));
});
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await db?.end();
  await database?.stop();
});

async function sinkWith(opts: Parameters<typeof startSmtpSink>[0]): Promise<SmtpSink> {
  const sink = await startSmtpSink(opts);
  closers.push(() => sink.stop());
  return sink;
}

function mailerFor(url: string): Mailer {
  const mailer = createMailer(url, FROM);
  closers.push(() => mailer.close());
  return mailer;
}

function activitiesWith(mailer: Mailer) {
  return createNoticeActivities({ db, mailer, policy: parsePolicy({}) });
}

const input = (key: string, kind = 'opened'): CaseNoticeInput => ({
  idempotencyKey: `NC-smtp:${ACCOUNT}:${key}:notice`,
  caseKind: 'name-correction',
  kind,
  caseRef: 'NC-smtp',
  accountId: ACCOUNT,
  deadline: DEADLINE,
  context: { findings: [FINDING] },
});

function run(mailer: Mailer, n: CaseNoticeInput | LegacyNoticeInput) {
  return new MockActivityEnvironment({}, { logger: quiet }).run(activitiesWith(mailer).sendNotice, n);
}

async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

async function noticeRows(key: string): Promise<number> {
  return (await db.query('SELECT 1 FROM notices WHERE idempotency_key = $1', [key])).rowCount ?? 0;
}

describe('what the relay answers decides whether a notice is retried', () => {
  test.each([
    ['450 to RCPT TO (greylisting)', { 'RCPT TO': 450 }, false, 'SMTP EENVELOPE 450 on RCPT TO'],
    ['451 to MAIL FROM', { 'MAIL FROM': 451 }, false, 'SMTP EENVELOPE 451 on MAIL FROM'],
    ['535 to AUTH (a wrong relay password)', { AUTH: 535 }, true, 'SMTP EAUTH 535 on AUTH PLAIN'],
    ['554 to DATA', { DATA: 554 }, false, 'SMTP EMESSAGE 554 on DATA'],
  ] as const)('%s: retried, nothing marked sent, the address in no message', async (what, replies, withCredentials, expected) => {
    const sink = await sinkWith({ replies });
    const url = withCredentials ? `smtp://relay-user:wrong-password@127.0.0.1:${sink.port}` : sink.url;
    const n = input(`retry-${Object.keys(replies)[0]}`);

    const failure = await failureOf(run(mailerFor(url), n));
    expect({ what, type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({ what, type: 'NoticeDeferred', nonRetryable: false });
    expect(failure.message).toBe(`notice not sent yet: ${expected}`);
    expect(failure.message).not.toContain(email);
    expect(failure.message).not.toContain(email.split('@')[0]);
    expect(JSON.stringify(failure.details ?? [])).not.toContain(email);
    expect(await findSentNotice(db, n.idempotencyKey)).toBeUndefined();
    // The claim went back with the failure: the next attempt need not wait for the lease.
    expect(await noticeRows(n.idempotencyKey)).toBe(0);
    expect(sink.messages()).toHaveLength(0);
  });

  test('550 to RCPT TO: undeliverable for good, not retried, the address in no message', async () => {
    const sink = await sinkWith({ replies: { 'RCPT TO': 550 } });
    const n = input('refused');
    const failure = await failureOf(run(mailerFor(sink.url), n));
    expect({ type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({ type: NOTICE_UNDELIVERABLE, nonRetryable: true });
    expect(failure.message).toBe('notice undeliverable: SMTP EENVELOPE 550');
    expect(failure.message).not.toContain(email);
    expect(await findSentNotice(db, n.idempotencyKey)).toBeUndefined();
    expect(sink.messages()).toHaveLength(0);
  });

  test('the relay down: retried', async () => {
    const sink = await sinkWith({});
    await sink.stop();
    const failure = await failureOf(run(mailerFor(sink.url), input('down')));
    expect({ type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({ type: 'NoticeDeferred', nonRetryable: false });
    expect(failure.message).toMatch(/^notice not sent yet: SMTP E[A-Z]+/);
  });

  test('credentials the relay accepts: sent once, with its headers; a retry sends nothing', async () => {
    const sink = await sinkWith({ replies: { AUTH: 235 } });
    const mailer = mailerFor(`smtp://relay-user:right-password@127.0.0.1:${sink.port}`);
    const n = input('auth-ok');
    expect(await run(mailer, n)).toEqual({ messageId: `<NC-smtp.acc-smtp.auth-ok.notice@notices.compliance>`, alreadySent: false });
    expect(await run(mailer, n)).toEqual({ messageId: `<NC-smtp.acc-smtp.auth-ok.notice@notices.compliance>`, alreadySent: true });
    const [m, ...more] = sink.messages() as [ReceivedMail, ...ReceivedMail[]];
    expect(more).toHaveLength(0);
    expect(m).toMatchObject({ to: [email], messageId: '<NC-smtp.acc-smtp.auth-ok.notice@notices.compliance>' });
    expect(m.headers).toMatchObject({ 'x-case-ref': 'NC-smtp', 'x-notice-kind': 'opened', 'x-deadline': DEADLINE });
    expect(m.subject).toContain('【限期改正】');
    expect(m.text).toContain(FINDING.detail);
  });
});

describe('one notice, one e-mail', () => {
  /** The real mailer, holding each send until the test lets it go on (or fail). */
  function gatedMailer(url: string) {
    const real = mailerFor(url);
    const gates: { go(): void; fail(): void }[] = [];
    const mailer: Mailer = {
      send: (m) =>
        new Promise<void>((resolve, reject) => {
          gates.push({ go: () => real.send(m).then(resolve, reject), fail: () => reject(Object.assign(new Error('worker died'), { code: 'ECONNECTION' })) });
        }),
      close: () => real.close(),
    };
    return { mailer, gates };
  }

  test('a retry beside an attempt still talking to the relay sends nothing, and is told to come back after the lease', async () => {
    const sink = await sinkWith({});
    const { mailer, gates } = gatedMailer(sink.url);
    const n = input('race', 'reminder');
    const first = run(mailer, n);
    await waitFor(() => gates.length === 1);

    const failure = await failureOf(run(mailer, n));
    expect({ type: failure.type, nonRetryable: failure.nonRetryable, message: failure.message }).toEqual({
      type: 'NoticeBeingSent',
      nonRetryable: false,
      message: 'notice is being sent by another attempt',
    });
    expect(failure.nextRetryDelay).toBeGreaterThan(NOTICE_CLAIM_LEASE_MS - 10_000);
    expect(gates).toHaveLength(1); // the retry never reached the relay

    gates[0]!.go();
    expect(await first).toMatchObject({ alreadySent: false });
    expect(await run(mailer, n)).toMatchObject({ alreadySent: true });
    expect(sink.messages().filter((m) => m.headers['x-notice-kind'] === 'reminder')).toHaveLength(1);
    expect((await listNotices(db, 'NC-smtp')).filter((r) => r.kind === 'reminder')).toHaveLength(1);
  });

  test('an attempt gone silent past its lease is taken over, and its late failure does not undo the send', async () => {
    const sink = await sinkWith({});
    const { mailer, gates } = gatedMailer(sink.url);
    const n = input('stale', 'restored');
    const dead = run(mailer, n);
    await waitFor(() => gates.length === 1);
    await db.query(`UPDATE notices SET claimed_at = claimed_at - make_interval(secs => $2) WHERE idempotency_key = $1`, [
      n.idempotencyKey,
      NOTICE_CLAIM_LEASE_MS / 1000 + 1,
    ]);

    const retry = run(mailer, n);
    await waitFor(() => gates.length === 2);
    gates[1]!.go();
    expect(await retry).toMatchObject({ alreadySent: false });
    gates[0]!.fail();
    await expect(dead).rejects.toThrow(/notice not sent yet/);
    expect(await findSentNotice(db, n.idempotencyKey)).toMatchObject({ kind: 'restored' });
    expect(sink.messages().filter((m) => m.headers['x-notice-kind'] === 'restored')).toHaveLength(1);
  });
});

describe('templates are chosen by case kind and notice kind', () => {
  test('the shape running cases still send (no caseKind, fields at the top) renders the same notice', async () => {
    const sink = await sinkWith({});
    const mailer = mailerFor(sink.url);
    const current = input('shape-new', 'correction_rejected');
    current.context = { findings: [FINDING], submissionNo: 2, reason: '名称仍含「国务院」' };
    const legacy: LegacyNoticeInput = {
      idempotencyKey: `NC-smtp:${ACCOUNT}:shape-old:notice`,
      kind: 'correction_rejected',
      caseRef: 'NC-smtp',
      accountId: ACCOUNT,
      deadline: DEADLINE,
      findings: [FINDING],
      submissionNo: 2,
      reason: '名称仍含「国务院」',
    };
    await run(mailer, current);
    await run(mailer, legacy);
    const [a, b] = sink.messages() as [ReceivedMail, ReceivedMail];
    expect(b.subject).toBe(a.subject);
    expect(b.text).toBe(a.text);
    expect(a.subject).toContain('第 2 次改正未通过');
    expect(a.text).toContain('名称仍含「国务院」');
    expect(b.headers).toMatchObject({ 'x-notice-kind': 'correction_rejected', 'x-deadline': DEADLINE, 'x-case-ref': 'NC-smtp' });
  });

  test.each([
    ['an unknown case kind', { caseKind: 'account-transfer' }],
    ['an unknown notice kind', { kind: 'apology' }],
    ['a name-correction notice without a deadline', { deadline: undefined }],
  ])('%s: not retried, nothing claimed or sent', async (_what, change) => {
    const sink = await sinkWith({});
    const n = { ...input(`unknown-${Object.keys(change)[0]}`), ...change };
    const failure = await failureOf(run(mailerFor(sink.url), n));
    expect({ type: failure.type, nonRetryable: failure.nonRetryable }).toEqual({ type: 'UnknownNotice', nonRetryable: true });
    expect(await noticeRows(n.idempotencyKey)).toBe(0);
    expect(sink.messages()).toHaveLength(0);
  });
});

async function waitFor(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a contact stored as a list of addresses gets no notice: recorded as undeliverable, nobody mailed', async () => {
  // Registered before contacts were checked: the store itself still holds such rows.
  await seedAccount(db, 'acc-two-contacts', '两个联系人', 'a@users.example, b@users.example');
  const sink = await sinkWith({});
  const err = await failureOf(run(mailerFor(sink.url), { ...input('two'), accountId: 'acc-two-contacts' }));
  expect(err).toMatchObject({ type: NOTICE_UNDELIVERABLE, nonRetryable: true });
  expect(err.message).not.toContain('@');
  expect(sink.messages()).toHaveLength(0);
});
