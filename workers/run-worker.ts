import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Config } from '../config/env';
import { existsSync } from 'node:fs';
import { connectClient, connectWorker } from '../config/temporal';
import { ensureCheckpointSchedule } from '../records/schedule';
import { createMailer } from '../mail/mailer';
import { connect, POOL_SIZES } from '../store/db';
import { assertMigrated } from '../store/migrate';
import { createWorker } from './create-worker';
import { loadVerifyKeys } from '../security/action-keys';
import { loadIdentityDeps } from '../identity/deps';
import type { RecordInput } from '../store/records';

/**
 * One line per measure or decision, as it happens: what an operator watching the worker's terminal
 * (`npm start`) wants to see. Ids and the action only: reasons are free text and may hold personal data.
 */
function printRecord(rec: RecordInput): void {
  const time = new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  console.log(`${time} 北京  ${rec.caseRef ?? '-'}  ${rec.accountId ?? '-'}  ${rec.action}  by ${rec.actor}`);
}

/** Connects to the store, the relay and Temporal, and polls until SIGINT / SIGTERM drains it. */
export async function runWorker(config: Config, opts: { activityInterceptors?: ActivityInterceptorsFactory[] } = {}): Promise<void> {
  const db = connect(config.databaseUrl, POOL_SIZES.worker);
  // Migrations run as the owner role (npm run migrate, npm start), never as a worker's: it only checks.
  await assertMigrated(db).catch(async (err: unknown) => {
    await db.end();
    throw err;
  });
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const connection = await connectWorker(config.temporal);
  // A worker holding the checkpoint key signs checkpoints, and keeps their Schedule as configured.
  const checkpoints = existsSync(config.checkpoints.signingKeyFile) ? config.checkpoints : undefined;
  if (checkpoints) {
    const client = await connectClient(config.temporal);
    try {
      await ensureCheckpointSchedule(client, { taskQueue: config.temporal.taskQueue, everyMs: config.checkpoints.everyMs });
    } finally {
      await client.connection.close();
    }
  }
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: {
      db,
      mailer,
      policy: config.policy,
      actionVerifyKeys: loadVerifyKeys(config.actionKeys.verifyKeysFile),
      onRecord: printRecord,
      ...(checkpoints ? { checkpoints } : {}),
      // Like the checkpoint key: a worker without the identity keys runs everything but the checks that need them.
      ...(existsSync(config.identity.keysFile) ? { identity: loadIdentityDeps(config, db) } : {}),
    },
    payloadKeys: config.temporal.payloadKeysFile,
    maxCachedWorkflows: config.maxCachedWorkflows,
    ...(config.workflowBundleCode ? { workflowBundle: { code: config.workflowBundleCode } } : {}),
    ...(opts.activityInterceptors ? { activityInterceptors: opts.activityInterceptors } : {}),
  });
  const workflows = config.workflowBundleCode ? 'prebuilt workflow bundle' : 'workflows bundled at start';
  console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}; ${workflows})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await db.end();
  }
}
