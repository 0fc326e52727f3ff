import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter';
import { ConfigError } from '../config/env';

/**
 * How the workflows are bundled, the same by `npm run build`, the tests and a worker that bundles at
 * start. A function: the paths exist beside the sources, not in a build. workflows/preloaded.ts says
 * what every cached workflow shares instead of evaluating it again.
 */
export function bundleOptions() {
  return {
    workflowsPath: require.resolve('../workflows'),
    preloadModules: [require.resolve('../workflows/preloaded')],
    // Failures the workflows raise carry their messages encoded (so encrypted), as the worker's do.
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

/** Worker options that bundle the workflows at start, as bundleOptions() says. */
export function bundleAtStart() {
  const { workflowsPath, preloadModules } = bundleOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}

/** The workflow bundle's name in a build: `npm run build` writes dist/workflow-bundle.js beside dist/workers/. */
export const BUNDLE_FILE = 'workflow-bundle.js';

/**
 * The workflow bundle a worker process runs when WORKFLOW_BUNDLE is not set. Compiled
 * (dist/workers/main.js, `npm run worker`): the one its build wrote beside it, and an error that says
 * what to run if it is missing. Run from the sources (tsx: `npm start`, the tests): none, and the
 * worker bundles the workflows at start.
 */
export function builtWorkflowBundle(): string | undefined {
  if (!__filename.endsWith('.js')) return undefined;
  const file = join(__dirname, '..', BUNDLE_FILE);
  if (!existsSync(file)) throw new ConfigError(`no workflow bundle at ${file}: run "npm run build" first (or set WORKFLOW_BUNDLE)`);
  return readFileSync(file, 'utf8');
}
