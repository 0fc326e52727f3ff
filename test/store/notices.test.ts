import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../store/db';
import { migrate } from '../../store/migrate';
import { claimNotice, findSentNotice, listNotices, markNoticeSent, releaseNoticeClaim } from '../../store/notices';
import { migratedStore } from './migrated-store';
import { startPostgresDatabase } from '../helpers/postgres';

const LEASE_MS = 45_000;
const notice = (key: string) => ({ idempotencyKey: key, caseRef: 'NC-c', accountId: 'acc-c', kind: 'opened', messageId: `<${key}@notices.compliance>` });

describe('notice claims', () => {
  const store = migratedStore();

  test('of attempts claiming one notice at once, exactly one gets it; the others are told how long its lease has left', async () => {
    const db = store.db();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimNotice(db, { ...notice('NC-c:race'), claimant: `attempt-${i}`, leaseMs: LEASE_MS })),
    );
    expect(results.filter((r) => r.state === 'claimed')).toEqual([{ state: 'claimed', tookOver: false }]);
    const busy = results.filter((r) => r.state === 'busy');
    expect(busy).toHaveLength(7);
    const holder = `attempt-${results.findIndex((r) => r.state === 'claimed')}`;
    for (const b of busy) {
      expect(b).toMatchObject({ state: 'busy', claimedBy: holder });
      expect(b.state === 'busy' && b.retryInMs).toBeGreaterThan(LEASE_MS - 10_000);
      expect(b.state === 'busy' && b.retryInMs).toBeLessThanOrEqual(LEASE_MS);
    }
    // Being sent is not sent.
    expect(await findSentNotice(db, 'NC-c:race')).toBeUndefined();
    expect((await listNotices(db, 'NC-c')).map((n) => n.idempotencyKey)).not.toContain('NC-c:race');
  });

  test('a claim older than its lease is taken over; the attempt that lost it can neither release it nor unmark the send', async () => {
    const db = store.db();
    expect(await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'dead', leaseMs: LEASE_MS })).toEqual({ state: 'claimed', tookOver: false });
    expect(await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'retry', leaseMs: LEASE_MS })).toMatchObject({ state: 'busy' });
    await db.query(`UPDATE notices SET claimed_at = claimed_at - interval '46 seconds' WHERE idempotency_key = 'NC-c:stale'`);
    expect(await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'retry', leaseMs: LEASE_MS })).toEqual({ state: 'claimed', tookOver: true });

    await releaseNoticeClaim(db, 'NC-c:stale', 'dead');
    expect(await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'third', leaseMs: LEASE_MS })).toMatchObject({ state: 'busy', claimedBy: 'retry' });

    await markNoticeSent(db, notice('NC-c:stale'));
    const sent = await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'late', leaseMs: LEASE_MS });
    expect(sent).toMatchObject({ state: 'sent', notice: { idempotencyKey: 'NC-c:stale', kind: 'opened', messageId: '<NC-c:stale@notices.compliance>' } });
    // A sent notice is never claimed again, however old.
    await db.query(`UPDATE notices SET claimed_at = claimed_at - interval '1 day' WHERE idempotency_key = 'NC-c:stale'`);
    expect(await claimNotice(db, { ...notice('NC-c:stale'), claimant: 'later', leaseMs: LEASE_MS })).toMatchObject({ state: 'sent' });
    await releaseNoticeClaim(db, 'NC-c:stale', 'retry');
    expect(await findSentNotice(db, 'NC-c:stale')).toMatchObject({ messageId: '<NC-c:stale@notices.compliance>' });
  });

  test('a released claim can be claimed again at once; only its holder releases it', async () => {
    const db = store.db();
    await claimNotice(db, { ...notice('NC-c:rel'), claimant: 'a', leaseMs: LEASE_MS });
    await releaseNoticeClaim(db, 'NC-c:rel', 'b');
    expect(await claimNotice(db, { ...notice('NC-c:rel'), claimant: 'b', leaseMs: LEASE_MS })).toMatchObject({ state: 'busy', claimedBy: 'a' });
    await releaseNoticeClaim(db, 'NC-c:rel', 'a');
    expect(await claimNotice(db, { ...notice('NC-c:rel'), claimant: 'b', leaseMs: LEASE_MS })).toEqual({ state: 'claimed', tookOver: false });
  });

  test('a row is sending or sent, never neither', async () => {
    const db = store.db();
    await expect(
      db.query(`INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id, status, sent_at) VALUES ('x', 'c', 'a', 'k', 'm', 'sending', NULL)`),
    ).rejects.toThrow(/notices_status_times/);
    await expect(
      db.query(`INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id, status) VALUES ('x', 'c', 'a', 'k', 'm', 'queued')`),
    ).rejects.toThrow(/notices_status_check/);
  });
});

describe('migration 002 on a live database', () => {
  test('notices sent before it stay sent, listed and found, and are never claimed', async () => {
    const server = await startPostgresDatabase();
    const db = connect(server.ownerUrl, 1);
    try {
      // The database as the previous release left it: 001 applied, notices sent.
      await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      await db.query(readFileSync(join(__dirname, '../../store/migrations/001_registry_and_records.sql'), 'utf8'));
      await db.query(`INSERT INTO schema_migrations (version) VALUES ('001_registry_and_records')`);
      await db.query(
        `INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id) VALUES ('NC-old:opened', 'NC-old', 'acc-old', 'opened', '<old@notices.compliance>')`,
      );

      expect(await migrate(db, server)).toContain('002_notice_claims');
      expect((await listNotices(db, 'NC-old')).map((n) => [n.kind, n.messageId])).toEqual([['opened', '<old@notices.compliance>']]);
      expect(await findSentNotice(db, 'NC-old:opened')).toMatchObject({ caseRef: 'NC-old', accountId: 'acc-old' });
      expect(
        await claimNotice(db, { ...notice('NC-old:opened'), caseRef: 'NC-old', claimant: 'new-worker', leaseMs: LEASE_MS }),
      ).toMatchObject({ state: 'sent', notice: { messageId: '<old@notices.compliance>' } });
    } finally {
      await db.end();
      await server.stop();
    }
  });
});
