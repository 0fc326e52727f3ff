import { randomBytes } from 'node:crypto';
import type { Principal } from '../../rules/roles';
import { InvalidInputError } from '../../schemas/errors';
import {
  createWebhookSubscription,
  deactivateWebhookSubscription,
  listWebhookSubscriptions,
  readMeasureFeedAs,
  WebhookAccessError,
  WebhookSubscriptionNotFoundError,
  type WebhookDeps,
} from '../../services/webhooks';
import { listRecords, verifyRecordChain } from '../../store/records';
import { secretBox } from '../../webhooks/secret-box';
import { migratedStore } from '../store/migrated-store';

const platformA: Principal = { id: 'platform-enforcer', roles: ['platform'] };
const platformB: Principal = { id: 'platform-other', roles: ['platform'] };
const admin: Principal = { id: 'admin-li', roles: ['admin'] };
const auditor: Principal = { id: 'auditor-zhao', roles: ['auditor'] };
const reviewer: Principal = { id: 'reviewer-chen', roles: ['reviewer'] };

describe('webhook subscriptions', () => {
  const store = migratedStore();
  const deps = (): WebhookDeps => ({ db: store.db(), webhookSecrets: box });
  const box = secretBox(randomBytes(32));
  const count = async () => Number((await store.db().query('SELECT count(*) FROM webhook_subscriptions')).rows[0].count);

  test('a platform subscribes and gets the signing secret once; the store keeps it sealed; no listing shows it', async () => {
    const { subscription, secret } = await createWebhookSubscription(deps(), platformA, { url: 'https://platform.example/hooks', description: '执法' });
    expect(secret).toMatch(/^whsec_/);
    expect(subscription).toMatchObject({ url: 'https://platform.example/hooks', createdBy: 'platform-enforcer', active: true });
    expect(subscription.delivery).toMatchObject({ deliveredSeq: '0', attempts: 0, lastError: null });

    const stored = (await store.db().query('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [subscription.id])).rows[0];
    expect(stored.secret_sealed).not.toContain(secret);
    expect(box.open(stored.secret_sealed)).toBe(secret);
    const listed = JSON.stringify(await listWebhookSubscriptions(deps(), admin));
    expect(listed).not.toContain(secret);
    expect(listed).not.toContain(stored.secret_sealed);
  });

  test('a bad URL or an unknown field is refused naming the field and the rule; nothing is stored', async () => {
    const before = await count();
    const refused = async (body: unknown) => {
      const err = await createWebhookSubscription(deps(), platformA, body as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInputError);
      return (err as InvalidInputError).issues;
    };
    expect(await refused({ url: 'http://platform.example/hooks' })).toEqual([{ field: 'url', rule: 'must be https (plain http only to localhost)' }]);
    expect(await refused({ url: 'ftp://platform.example/x' })).toEqual([{ field: 'url', rule: 'must be an http(s) URL' }]);
    expect(await refused({ url: 'not a url' })).toEqual([{ field: 'url', rule: 'must be an http(s) URL' }]);
    expect(await refused({ url: 'https://u:p@platform.example/x' })).toEqual([{ field: 'url', rule: 'must not carry a user or password' }]);
    expect((await refused({ url: 'https://platform.example/x', from: 'yesterday' }))[0]!.field).toBe('from');
    expect((await refused({ url: 'https://platform.example/x', secret: 'mine' }))[0]).toMatchObject({ field: '(input)' });
    expect(await count()).toBe(before);
  });

  test('only platform services and admins subscribe; a reviewer is refused, naming the roles that may', async () => {
    const before = await count();
    await expect(createWebhookSubscription(deps(), reviewer, { url: 'https://x.example/h' })).rejects.toThrow(
      '"reviewer-chen" (roles: reviewer) may not subscribe to measure webhooks; it needs one of: platform, admin',
    );
    await expect(createWebhookSubscription(deps(), auditor, { url: 'https://x.example/h' })).rejects.toBeInstanceOf(WebhookAccessError);
    expect(await count()).toBe(before);
  });

  test('a platform sees and deactivates only its own; an admin any; deactivating records who and when', async () => {
    const a = (await createWebhookSubscription(deps(), platformA, { url: 'https://a.example/h' })).subscription;
    const b = (await createWebhookSubscription(deps(), platformB, { url: 'https://b.example/h' })).subscription;
    expect((await listWebhookSubscriptions(deps(), platformB)).map((s) => s.id)).toEqual([b.id]);
    expect((await listWebhookSubscriptions(deps(), auditor)).map((s) => s.id)).toEqual(expect.arrayContaining([a.id, b.id]));

    await expect(deactivateWebhookSubscription(deps(), platformB, a.id)).rejects.toBeInstanceOf(WebhookSubscriptionNotFoundError);
    expect((await listWebhookSubscriptions(deps(), admin)).find((s) => s.id === a.id)!.active).toBe(true);

    const off = await deactivateWebhookSubscription(deps(), platformA, a.id);
    expect(off).toMatchObject({ active: false, deactivatedBy: 'platform-enforcer' });
    // Again: nothing changes, the first deactivation stands.
    expect(await deactivateWebhookSubscription(deps(), admin, a.id)).toMatchObject({ active: false, deactivatedBy: 'platform-enforcer' });
    expect(await deactivateWebhookSubscription(deps(), admin, b.id)).toMatchObject({ active: false, deactivatedBy: 'admin-li' });
    await expect(deactivateWebhookSubscription(deps(), admin, '99999')).rejects.toBeInstanceOf(WebhookSubscriptionNotFoundError);

    // Each subscribing and each deactivation is a record in the chain; the repeated deactivation is not.
    const records = (await listRecords(store.db())).filter((r) => [a.id, b.id].includes(String(r.evidence.subscriptionId)));
    expect(records.map((r) => [r.action, r.actor, r.evidence.origin])).toEqual([
      ['measure_webhook_subscribed', 'platform-enforcer', 'https://a.example'],
      ['measure_webhook_subscribed', 'platform-other', 'https://b.example'],
      ['measure_webhook_deactivated', 'platform-enforcer', 'https://a.example'],
      ['measure_webhook_deactivated', 'admin-li', 'https://b.example'],
    ]);
    expect(await verifyRecordChain(store.db())).toBeNull();
    await expect(deactivateWebhookSubscription(deps(), admin, 'abc')).rejects.toThrow('invalid subscription id: (input): must be a subscription id (digits)');
  });

  test('the feed is for platform services and auditors', async () => {
    await expect(readMeasureFeedAs(deps(), platformA, {})).resolves.toMatchObject({ events: expect.any(Array) });
    await expect(readMeasureFeedAs(deps(), auditor, { limit: 1 })).resolves.toMatchObject({ hasMore: expect.any(Boolean) });
    await expect(readMeasureFeedAs(deps(), admin, {})).rejects.toThrow(/may not read the measures feed; it needs one of: platform, auditor/);
  });
});
