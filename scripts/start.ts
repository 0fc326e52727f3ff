import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { ensurePayloadKeys, readPayloadKeys } from '../codec/keys';
import { ensureIdentityKeys } from '../identity/keys';
import { EncryptionCodec } from '../codec/payload-codec';
import { startCodecServer } from '../codec/server';
import { runApi } from '../api/main';
import { loadConfig } from '../config/env';
import { maskConsole } from '../logging/masking-logger';
import { startMailViewer } from '../mail/viewer';
import { startSmtpSink, type SmtpSink } from '../mail/sink';
import { Connection } from '@temporalio/client';
import { applyHistoryRetention } from '../records/history-retention';
import { ensureCheckpointSigningKey } from '../records/keys';
import { migrateStore } from './migrate';
import { loadIdentityDeps } from '../identity/deps';
import { seedDemoIdentities } from '../services/demo/seed';
import { connect } from '../store/db';
import { startDevServer, type DevServer } from './dev-server';
import { startLocalStore, type PostgresServer } from './postgres-server';
import { PROJECT_ROOT } from './tools';
import { ensureActionKeys } from '../security/action-keys';
import { ensureSecretsKey } from '../webhooks/secret-box';

/**
 * `npm start`: the whole product on one machine. Starts what is not configured elsewhere (the Temporal
 * dev server from temporal-dev.yml, PostgreSQL, the SMTP sink and its viewer) and a worker, prints where
 * everything is, and stops it all on Ctrl-C. Everything persists under DATA_DIR: starting again
 * resumes every open case.
 */
async function main(): Promise<void> {
  maskConsole();
  const config = loadConfig();
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // The key that seals actions, and the public key workers give cases: made on the first start.
  if (ensureActionKeys(config.actionKeys).created) console.log(`action-signing key made: ${config.actionKeys.signingKeyFile}`);
  const stops: (() => Promise<unknown>)[] = [];
  let stopping = false;
  let worker: ChildProcess | undefined;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(err));
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const lines: string[] = [];
    // The keys that encrypt payloads in Temporal: made once, kept with the data (losing them loses the histories' content).
    if (ensurePayloadKeys(config.temporal.payloadKeysFile)) lines.push(`Payload keys  ${config.temporal.payloadKeysFile}  (new: keep it with the data)`);
    // The keys that keep ID and phone numbers out of the store in clear: losing them loses the sealed copies.
    if (ensureIdentityKeys(config.identity.keysFile)) lines.push(`Identity keys ${config.identity.keysFile}  (new: keep it with the data)`);
    if (config.temporal.embedded) {
      const server: DevServer = await startDevServer({
        dataDir: join(dataDir, 'temporal'),
        logFile: join(dataDir, 'temporal', 'server.log'),
        port: config.temporal.devPort,
        uiPort: config.temporal.devUiPort,
        codecEndpoint: `http://127.0.0.1:${config.codecServerPort}`,
      });
      stops.push(() => server.stop());
      lines.push(`Temporal      ${server.address}  (dev server, ${join(dataDir, 'temporal', 'temporal.sqlite')})`);
      lines.push(`Temporal UI   ${server.uiUrl}/namespaces/${config.temporal.namespace}/workflows`);
      // Closed cases' histories are kept as long as the policy says (the dev server's default is a day).
      const connection = await Connection.connect({ address: server.address });
      try {
        const { afterDays } = await applyHistoryRetention(connection, config.temporal.namespace, config.policy.retention.history);
        lines.push(`              histories of closed workflows kept ${afterDays} days (policy retention.history)`);
      } finally {
        await connection.close();
      }
    } else {
      lines.push(`Temporal      ${config.temporal.address}  (configured)`);
    }

    if (config.databaseEmbedded) {
      let db: PostgresServer;
      try {
        db = await startLocalStore(dataDir, config.embeddedDbPort);
      } catch (err) {
        const taken = /port \d+ on 127\.0\.0\.1 is taken/.test(String(err));
        throw new Error(`the store: ${(err as Error).message}${taken ? ' (set EMBEDDED_DB_PORT to another port)' : ''}`);
      }
      stops.push(() => db.stop());
      lines.push(`Database      ${db.url}  (PostgreSQL ${db.major}, ${db.dir})`);
      if (existsSync(join(dataDir, 'store'))) {
        lines.push(`              ${join(dataDir, 'store')} is the store of an earlier version, not read any more: remove it when done with it`);
      }
    } else {
      lines.push(`Database      ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}  (configured)`);
    }
    // As the owner role; the worker and the CLI connect as the app role, which may not change records.
    await migrateStore(config);
    // The walk-throughs register the demo subjects: the embedded store's real-name register knows them.
    if (config.databaseEmbedded && config.identity.verifier.kind === 'store') {
      const store = connect(config.databaseUrl, 1);
      try {
        await seedDemoIdentities({ db: store, ...loadIdentityDeps(config, store) });
      } finally {
        await store.end();
      }
      lines.push(`Identities    the demo subjects are in the real-name register (store verifier)`);
    }
    // The key the worker signs record checkpoints with; its public half is written beside them.
    const { created } = ensureCheckpointSigningKey(config.checkpoints.signingKeyFile);
    lines.push(`Checkpoints   ${config.checkpoints.dir}  (${created ? 'new key' : 'key'} ${config.checkpoints.signingKeyFile}; verify: npm run verify-records)`);

    if (config.smtpEmbedded) {
      const sink: SmtpSink = await startSmtpSink({ port: config.embeddedSmtpPort, dir: join(dataDir, 'mail') });
      const viewer: Server = await startMailViewer(sink, config.mailViewerPort);
      stops.push(() => sink.stop(), () => new Promise((r) => viewer.close(r)));
      lines.push(`Mail (SMTP)   ${sink.url}  read it at http://127.0.0.1:${config.mailViewerPort}  (files: ${join(dataDir, 'mail')})`);
    } else {
      lines.push(`Mail (SMTP)   configured relay`);
    }

    // The worker runs as its own process, as in production; it is restarted if it dies.
    const startWorker = () => {
      worker = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'workers', 'main.ts')], {
        stdio: 'inherit',
        env: process.env,
      });
      worker.once('exit', (code, signal) => {
        if (stopping) return;
        console.error(`worker exited (${signal ?? code}); restarting in 2 s`);
        setTimeout(startWorker, 2000);
      });
    };
    startWorker();
    lines.push(`Worker        task queue "${config.temporal.taskQueue}", namespace "${config.temporal.namespace}"`);

    // The API: the one door for platform services and the CLI. Its first start makes the first admin.
    // The key webhook subscriptions' signing secrets are sealed with: made on the first start.
    ensureSecretsKey(config.webhooks.secretsKeyFile);
    const api = await runApi(config);
    stops.push(() => api.stop());
    lines.push(`API           ${api.url}/v1  (OpenAPI: ${api.url}/openapi.json)`);
    const tokenFile = resolve(config.client.tokenFile);
    lines.push(
      api.adminTokenFile
        ? `Admin token   ${tokenFile}  (made now, readable by you only; the CLI reads it from there)`
        : `Admin token   ${existsSync(tokenFile) ? tokenFile : `an admin exists already; ${tokenFile} is not there (COMPLIANCE_TOKEN_FILE or COMPLIANCE_TOKEN)`}`,
    );

    // The codec server: the UI shows payloads decrypted to a signed-in reader (codec/server.ts).
    const uiPort = config.temporal.devUiPort ?? 8233;
    const codecServer = await startCodecServer({
      codec: new EncryptionCodec(readPayloadKeys(config.temporal.payloadKeysFile)),
      port: config.codecServerPort,
      uiOrigins: [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`],
      uiUrl: `http://127.0.0.1:${uiPort}/namespaces/${config.temporal.namespace}/workflows`,
      // Its door is the API's: the same tokens, the same roster, read per request.
      authenticate: api.authenticate,
    });
    stops.push(() => codecServer.close());
    lines.push(`Codec server  ${codecServer.url}  (sign in with an API token to read payloads in the UI)`);

    console.log(['', 'Public-account compliance is running:', ...lines.map((l) => `  ${l}`), '', '  Try it:  npm run cli -- demo', '  Stop:    Ctrl-C', ''].join('\n'));
  } catch (err) {
    console.error(`could not start: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown(1);
  }
}

void main();
