import { loadConfig } from '../config/env';
import { runApi } from './main';

/**
 * The API as a process of its own (production: `node dist/api/process.js`, beside the workers), on
 * 127.0.0.1:API_PORT behind a proxy. Migrations are not its job: the deploy runs them first.
 * SIGTERM closes it after the requests in flight.
 */
async function main(): Promise<void> {
  const api = await runApi(loadConfig());
  console.log(`API listening on ${api.url} (OpenAPI: ${api.url}/openapi.json)`);
  if (api.adminTokenFile) console.log(`first admin's token written to ${api.adminTokenFile}`);
  const stop = () => void api.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`the API could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
