/**
 * A webhook deliverer in a process of its own, as an API process runs it, for the test that kills one
 * mid-way (test/webhooks/deliverer.test.ts). Configured by the environment: DATABASE_URL, and
 * WEBHOOK_SECRETS_KEY_FILE for the key. Prints `ready` once started; SIGTERM stops it cleanly.
 *
 *   tsx test/webhooks/deliverer-process.ts
 */
import { connect } from '../../store/db';
import { startWebhookDeliverer } from '../../webhooks/deliverer';
import { loadSecretsKey, secretBox } from '../../webhooks/secret-box';

const db = connect(process.env.DATABASE_URL!);
const deliverer = startWebhookDeliverer(
  { db, secrets: secretBox(loadSecretsKey(process.env.WEBHOOK_SECRETS_KEY_FILE!)) },
  { pollMs: 50, timeoutMs: 2000, retry: { baseMs: 50, maxMs: 400 }, log: () => undefined },
);
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void deliverer.stop().then(() => db.end()).then(() => process.exit(0));
});
