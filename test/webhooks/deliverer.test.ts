import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../rules/roles';
import { encodeCursor, readMeasureFeed } from '../../services/measure-feed';
import { createWebhookSubscription, deactivateWebhookSubscription, listWebhookSubscriptions, type SubscriptionView, type WebhookDeps } from '../../services/webhooks';
import { connect, type Db } from '../../store/db';
import { startWebhookDeliverer, type WebhookDelivererOptions } from '../../webhooks/deliverer';
import { ensureSecretsKey, loadSecretsKey, secretBox } from '../../webhooks/secret-box';
import { verifyWebhookSignature } from '../../webhooks/verify-signature';
import { migratedStore } from '../store/migrated-store';
import { impose, lift, seedAccount } from './measures-fixture';
import { startReceiver, waitFor, type Delivery, type Receiver } from './receiver';

const platform: Principal = { id: 'platform-enforcer', roles: ['platform'] };
const admin: Principal = { id: 'admin-li', roles: ['admin'] };
/** Quick retries, so a test sees several in a second; the schedule itself is test/webhooks/signature.test.ts's. */
const FAST: WebhookDelivererOptions = { pollMs: 50, timeoutMs: 2000, retry: { baseMs: 50, maxMs: 400 }, log: () => undefined };

/**
 * What a receiver must be able to rely on: every delivery verifies with its secret and carries its
 * event's id; ids come in order (a retry repeats the last one, never goes back); a repeated id brings
 * the same body; and the acknowledged ids, duplicates dropped, are exactly `expected`.
 */
function expectDelivered(deliveries: Delivery[], secret: string, expected: string[]): void {
  const bodies = new Map<string, string>();
  let last = -1;
  for (const d of deliveries) {
    expect(verifyWebhookSignature({ secret, header: d.headers['webhook-signature'], body: d.body })).toMatchObject({ ok: true });
    expect(JSON.parse(d.body).id).toBe(d.id);
    const seq = Number(d.id.replace('me_', ''));
    expect(seq).toBeGreaterThanOrEqual(last);
    last = seq;
    expect(bodies.get(d.id) ?? d.body).toBe(d.body);
    bodies.set(d.id, d.body);
  }
  const acknowledged = deliveries.filter((d) => d.status < 300).map((d) => d.id);
  expect(acknowledged.filter((id, i) => id !== acknowledged[i - 1])).toEqual(expected);
}

/** The feed's ids after a cursor: what a subscription made then must receive. */
async function feedIdsAfter(db: Db, after: string): Promise<string[]> {
  const ids: string[] = [];
  for (let cursor = after; ; ) {
    const page = await readMeasureFeed(db, { after: cursor, limit: 1000 });
    ids.push(...page.events.map((e) => e.id));
    if (!page.hasMore) return ids;
    cursor = page.nextCursor;
  }
}

describe('webhook deliverer', () => {
  const store = migratedStore();
  const keyFile = join(mkdtempSync(join(tmpdir(), 'webhook-key-')), 'webhook-secrets.key');
  ensureSecretsKey(keyFile);
  const box = secretBox(loadSecretsKey(keyFile));
  const deps = (): WebhookDeps => ({ db: store.db(), webhookSecrets: box });
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
    // One test's subscriptions do not go on delivering into the next.
    await store.db().query('UPDATE webhook_subscriptions SET active = false, deactivated_by = $1, deactivated_at = now() WHERE active', ['test']);
  });

  async function receiver(): Promise<Receiver> {
    const r = await startReceiver();
    cleanup.push(() => r.close());
    return r;
  }
  function deliverer(db: Db = store.db(), options: WebhookDelivererOptions = FAST) {
    const d = startWebhookDeliverer({ db, secrets: box }, options);
    cleanup.push(() => d.stop());
    return d;
  }
  /** Subscribes from now on; `after` is the feed cursor it starts after, `startSeq` its cursor's seq. */
  async function subscribe(r: Receiver): Promise<{ id: string; secret: string; after: string; startSeq: string }> {
    const { subscription, secret } = await createWebhookSubscription(deps(), platform, { url: r.url, from: 'now' });
    const startSeq = subscription.delivery.deliveredSeq;
    return { id: subscription.id, secret, after: encodeCursor(startSeq), startSeq };
  }
  const state = async (id: string): Promise<SubscriptionView['delivery']> =>
    (await listWebhookSubscriptions(deps(), admin)).find((s) => s.id === id)!.delivery;

  test('each measure imposed and lifted arrives in order, signed, with its event id; the cursor moves with each acknowledgement', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'wh-order');
    const r = await receiver();
    const sub = await subscribe(r);
    deliverer();
    for (let i = 0; i < 8; i++) await impose(db, acc, `NC-order-${i}`, i % 2 ? 'warning' : 'suspend_service');
    await lift(db, acc, 'NC-order-0');
    await lift(db, acc, 'NC-order-2');
    const expected = await feedIdsAfter(db, sub.after);
    expect(expected).toHaveLength(10);
    await waitFor('10 deliveries', () => r.acknowledged().length >= 10);

    expectDelivered(r.deliveries, sub.secret, expected);
    expect(r.deliveries).toHaveLength(10);
    const events = r.deliveries.map((d) => JSON.parse(d.body));
    expect(events.map((e) => `${e.type} ${e.measure.caseRef}`).slice(-3)).toEqual([
      'measure.imposed NC-order-7',
      'measure.lifted NC-order-0',
      'measure.lifted NC-order-2',
    ]);
    await waitFor('the cursor at the last event', async () => (await state(sub.id)).deliveredSeq === expected.at(-1)!.replace('me_', ''));
    expect(await state(sub.id)).toMatchObject({ attempts: 0, lastStatus: 200, lastError: null });
  });

  test('the receiver refuses connections, then answers 500, while measures keep coming: once it is back, every event arrives, in order; another subscriber is not held up', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'wh-down');
    const down = await receiver();
    const healthy = await receiver();
    await down.down();
    const subDown = await subscribe(down);
    const subHealthy = await subscribe(healthy);
    deliverer();

    let imposed = 0;
    const more = async (n: number) => {
      for (let i = 0; i < n; i++, imposed++) {
        await impose(db, acc, `NC-down-${imposed}`);
        if (imposed % 4 === 3) await lift(db, acc, `NC-down-${imposed}`);
      }
    };
    // Down: connection refused. Nothing is acknowledged, the cursor stays, the failure is on the record.
    await more(6);
    await waitFor('refused attempts', async () => (await state(subDown.id)).attempts >= 3);
    expect(await state(subDown.id)).toMatchObject({ deliveredSeq: subDown.startSeq, lastStatus: null, lastError: 'ECONNREFUSED' });
    // Meanwhile the healthy subscriber has everything so far.
    await waitFor('the healthy subscriber up to date', async () => healthy.acknowledged().length === (await feedIdsAfter(db, subHealthy.after)).length);

    // Up, but failing: 500s are attempts too, and acknowledge nothing.
    await down.up();
    down.answer(500);
    await more(6);
    await waitFor('500s answered', () => down.deliveries.filter((d) => d.status === 500).length >= 3);
    expect(await state(subDown.id)).toMatchObject({ deliveredSeq: subDown.startSeq, lastStatus: 500, lastError: 'HTTP 500' });
    // Each retry is of the first unacknowledged event: the deliverer never skips ahead.
    expect(new Set(down.deliveries.map((d) => d.id)).size).toBe(1);

    down.answer(200);
    await more(6);
    const expected = await feedIdsAfter(db, subDown.after);
    expect(expected.length).toBeGreaterThanOrEqual(18);
    await waitFor('every event acknowledged', async () => (await state(subDown.id)).deliveredSeq === expected.at(-1)!.replace('me_', ''));
    expectDelivered(down.deliveries, subDown.secret, expected);
    expectDelivered(healthy.deliveries, subHealthy.secret, await feedIdsAfter(db, subHealthy.after));
    expect(await state(subDown.id)).toMatchObject({ attempts: 0, lastError: null });
  });

  test('a deliverer killed mid-way (SIGKILL) and started again resumes from the acknowledged cursor: none lost, at most the one in flight repeated', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'wh-kill');
    const r = await receiver();
    r.answer(200, 40);
    const sub = await subscribe(r);
    for (let i = 0; i < 40; i++) await impose(db, acc, `NC-kill-${i}`, 'warning');
    const expected = await feedIdsAfter(db, sub.after);

    const run = (): Promise<ChildProcess> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'deliverer-process.ts')], {
          env: { ...process.env, DATABASE_URL: store.url(), WEBHOOK_SECRETS_KEY_FILE: keyFile },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        cleanup.push(async () => child.kill('SIGKILL'));
        child.stdout!.on('data', (b: Buffer) => b.toString().includes('ready') && resolve(child));
        child.once('error', reject);
      });
    const first = await run();
    await waitFor('some deliveries', () => r.acknowledged().length >= 10);
    first.kill('SIGKILL');
    await new Promise((res) => first.once('exit', res));
    // Killed mid-way: part acknowledged and recorded, part still to go.
    expect(Number((await state(sub.id)).deliveredSeq)).toBeGreaterThan(Number(sub.startSeq));
    expect(r.deliveries.length).toBeLessThan(expected.length);

    await run();
    await waitFor('every event acknowledged', async () => (await state(sub.id)).deliveredSeq === expected.at(-1)!.replace('me_', ''));
    expectDelivered(r.deliveries, sub.secret, expected);
    expect(r.deliveries.length - expected.length).toBeLessThanOrEqual(1);
  });

  test('two deliverers at once (two API processes) deliver each event once, in order, and never move the cursor twice', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'wh-two');
    const r = await receiver();
    r.answer(200, 5);
    const sub = await subscribe(r);
    const otherPool = connect(store.url(), 4);
    cleanup.push(() => otherPool.end());
    deliverer(db);
    deliverer(otherPool);
    await Promise.all([0, 1, 2].map(async (w) => {
      for (let i = 0; i < 15; i++) await impose(db, acc, `NC-two-${w}-${i}`, 'warning');
    }));
    const expected = await feedIdsAfter(db, sub.after);
    await waitFor('every event acknowledged', async () => (await state(sub.id)).deliveredSeq === expected.at(-1)!.replace('me_', ''));
    expectDelivered(r.deliveries, sub.secret, expected);
    expect(r.deliveries.map((d) => d.id)).toEqual(expected);
  });

  test('a deactivated subscription gets nothing more', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'wh-off');
    const r = await receiver();
    const sub = await subscribe(r);
    const first = deliverer();
    await impose(db, acc, 'NC-off-1');
    await waitFor('the first delivery', () => r.acknowledged().length === 1);
    await first.stop();
    await deactivateWebhookSubscription(deps(), platform, sub.id);
    await impose(db, acc, 'NC-off-2');
    deliverer();
    await new Promise((res) => setTimeout(res, 500));
    expect(r.deliveries.map((d) => JSON.parse(d.body).measure.caseRef)).toEqual(['NC-off-1']);
  });
});
