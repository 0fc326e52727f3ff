import { randomBytes } from 'node:crypto';
import { retryDelayMs } from '../../webhooks/backoff';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSecretsKey, loadSecretsKey, secretBox } from '../../webhooks/secret-box';
import { newWebhookSecret, signatureHeader, signatureOf } from '../../webhooks/signature';
import { verifyWebhookSignature } from '../../webhooks/verify-signature';

describe('webhook signatures, as a platform verifies them', () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'me_1', type: 'measure.imposed', accountId: 'acc-1' });
  const now = new Date('2026-12-01T02:00:00Z');

  test('a delivery signed with the secret verifies; the raw bytes or a string alike', () => {
    const header = signatureHeader(secret, body, now);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, header, body, now })).toEqual({ ok: true, timestamp: now.getTime() / 1000 });
    expect(verifyWebhookSignature({ secret, header, body: Buffer.from(body), now }).ok).toBe(true);
  });

  test('a changed body, another secret, an old or missing signature are refused, saying why', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifyWebhookSignature({ secret, header, body: body.replace('acc-1', 'acc-2'), now })).toEqual({
      ok: false,
      reason: 'Webhook-Signature: no v1 signature matches the body',
    });
    expect(verifyWebhookSignature({ secret: newWebhookSecret(), header, body, now }).ok).toBe(false);
    const later = new Date(now.getTime() + 301_000);
    expect(verifyWebhookSignature({ secret, header, body, now: later })).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 300s/) });
    expect(verifyWebhookSignature({ secret, header: undefined, body, now })).toMatchObject({ ok: false, reason: 'Webhook-Signature: missing' });
    expect(verifyWebhookSignature({ secret, header: 'v1=abc', body, now }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret, header: `t=${now.getTime() / 1000}`, body, now }).ok).toBe(false);
  });

  test('one matching v1 among several is enough (a secret being rotated)', () => {
    const t = now.getTime() / 1000;
    const header = `t=${t},v1=${signatureOf(newWebhookSecret(), t, body)},v1=${signatureOf(secret, t, body)}`;
    expect(verifyWebhookSignature({ secret, header, body, now }).ok).toBe(true);
  });
});

describe('sealed webhook secrets', () => {
  const box = secretBox(randomBytes(32));

  test('open(seal(x)) is x; the sealed form does not contain it, and differs each time', () => {
    const secret = newWebhookSecret();
    const sealed = box.seal(secret);
    expect(box.open(sealed)).toBe(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret)).not.toBe(sealed);
  });

  test('a changed value or another key is refused, not opened to garbage', () => {
    const sealed = box.seal(newWebhookSecret());
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(40)).toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
    expect(() => secretBox(randomBytes(32)).open(sealed)).toThrow(/sealed under key/);
    expect(() => secretBox(randomBytes(16))).toThrow(/32 bytes/);
  });

  test('the key file: made once and kept; a missing or short one is refused naming WEBHOOK_SECRETS_KEY_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhook-key-'));
    const file = join(dir, 'keys', 'webhook-secrets.key');
    expect(() => loadSecretsKey(file)).toThrow(/^WEBHOOK_SECRETS_KEY_FILE: cannot read/);
    ensureSecretsKey(file);
    const key = loadSecretsKey(file);
    ensureSecretsKey(file);
    expect(loadSecretsKey(file)).toEqual(key);
    writeFileSync(file, randomBytes(16).toString('base64'));
    expect(() => loadSecretsKey(file)).toThrow(/WEBHOOK_SECRETS_KEY_FILE: .* must hold 32 bytes in base64, found 16/);
  });
});

describe('retry schedule', () => {
  const s = { baseMs: 1000, maxMs: 300_000 };

  test('doubles after each failure, between half and all of the step, and never passes the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, s, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, s, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(50, s, () => 1)).toBe(300_000);
    expect(retryDelayMs(10_000, s, () => 0.5)).toBeLessThanOrEqual(300_000);
  });
});
