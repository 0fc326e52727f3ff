import type { Config } from '../config/env';
import type { Db } from '../store/db';
import { startWebhookDeliverer, type WebhookDelivererOptions } from './deliverer';
import { loadSecretsKey, secretBox, type SecretBox } from './secret-box';

/**
 * What an API process runs for the measures webhooks, from its configuration: the box that seals
 * new subscriptions' secrets (for services/webhooks.ts) and the deliverer. Every API process may run
 * one; they share the work (webhooks/deliverer.ts). The key file must exist: `npm start` makes it
 * (ensureSecretsKey); a deployment provides it.
 */
export function startMeasureWebhooks(
  config: Pick<Config, 'webhooks'>,
  db: Db,
  log?: WebhookDelivererOptions['log'],
): { webhookSecrets: SecretBox; stop(): Promise<void> } {
  const webhookSecrets = secretBox(loadSecretsKey(config.webhooks.secretsKeyFile));
  const { pollMs, timeoutMs, retry } = config.webhooks;
  const deliverer = startWebhookDeliverer({ db, secrets: webhookSecrets }, { pollMs, timeoutMs, retry, log });
  return { webhookSecrets, stop: () => deliverer.stop() };
}
