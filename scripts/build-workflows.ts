import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUNDLE_OPTIONS } from '../workers/create-worker';

/**
 * `npm run build:workflows [file]`: bundles the workflows once (default dist/workflows.js), for workers
 * started with WORKFLOW_BUNDLE=<file>, which then skip bundling at start. Rebuild with every deploy:
 * a bundle older than the code would run old workflow code.
 */
async function main(): Promise<void> {
  const file = resolve(process.argv[2] ?? 'dist/workflows.js');
  const { code } = await bundleWorkflowCode(BUNDLE_OPTIONS);
  writeFileSync(file, code);
  console.log(`workflow bundle written to ${file} (${Math.round(code.length / 1024)} KiB)`);
}

void main();
