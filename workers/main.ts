import { loadConfig } from '../config/env';
import { connectWorker } from '../config/temporal';
import { createMailer } from '../mail/mailer';
import { connect } from '../store/db';
import { migrate } from '../store/migrate';
import { createWorker } from './create-worker';

/**
 * A worker process: `npm run worker` (or started by `npm start`). Run as many as the load needs,
 * all on the same task queue. SIGINT / SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const db = connect(config.databaseUrl);
  await migrate(db);
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db, mailer, policy: config.policy },
  });
  console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await db.end();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
