import { join } from 'node:path';
import { loadConfig } from '../../config/env';

describe('WEBHOOK_* configuration', () => {
  test('defaults: the key under DATA_DIR/keys, a 1 s poll, 10 s timeout, retries from 1 s up to 5 min', () => {
    expect(loadConfig({ DATA_DIR: '/srv/compliance' }).webhooks).toEqual({
      secretsKeyFile: join('/srv/compliance', 'keys', 'webhook-secrets.key'),
      pollMs: 1000,
      timeoutMs: 10_000,
      retry: { baseMs: 1000, maxMs: 300_000 },
    });
  });

  test('a wrong value is refused naming the variable and the rule', () => {
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_MS: '5000', WEBHOOK_RETRY_MAX_MS: '1000' })).toThrow(
      'WEBHOOK_RETRY_MAX_MS: must not be less than WEBHOOK_RETRY_BASE_MS',
    );
    // A base out of range is its own error only: the cap, valid, is not blamed for being below it.
    expect(() => loadConfig({ WEBHOOK_RETRY_BASE_MS: '22222222' })).toThrow(/^invalid configuration: WEBHOOK_RETRY_BASE_MS: [^;]*<=3600000$/);
    expect(() => loadConfig({ WEBHOOK_POLL_MS: '5' })).toThrow(/WEBHOOK_POLL_MS: .*>=50/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: 'soon' })).toThrow(/WEBHOOK_TIMEOUT_MS:/);
  });
});
