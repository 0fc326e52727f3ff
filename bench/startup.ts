import { createWriteStream, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWorkflows, compile } from '../scripts/build';
import { PROJECT_ROOT } from '../scripts/tools';
import { BUNDLE_FILE } from '../workers/bundle';
import type { BenchStack } from './stack';
import { median } from './util';
import { startWorkerProcess, workerEnvironment } from './worker-process';

export interface StartupRun {
  name: string;
  /** How a user gets this worker. */
  how: string;
  /** Each start, from spawning the process to its "worker polling task queue" line, in seconds. */
  seconds: number[];
  median: number;
}

/**
 * Worker start, from process start to polling its task queue (it connects to the store and applies the
 * migrations, connects to Temporal, loads the workflows, then polls), three ways: compiled with the
 * prebuilt bundle, as production runs it; from the sources through tsx with that bundle; from the sources
 * bundling the workflows at start, as `npm start` runs it. `starts` of each, taken in turn, each stopped
 * before the next starts. The build is `npm run build`'s, transpile-only, into the run's folder.
 */
export async function workerStartup(stack: BenchStack, starts: number, onProgress: (msg: string) => void): Promise<StartupRun[]> {
  const dist = join(stack.dir, 'dist');
  // The compiled code finds its packages as it would in an installed project.
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(stack.dir, 'node_modules'), 'dir');
  await compile(dist, { transpileOnly: true });
  writeFileSync(join(dist, BUNDLE_FILE), await bundleWorkflows({ quiet: true }));

  const bundle = join(dist, BUNDLE_FILE);
  const ways: { name: string; how: string; args: string[]; env: Record<string, string> }[] = [
    // The arguments of `npm run worker` (package.json), without npm.
    { name: 'compiled, prebuilt bundle', how: '`npm run worker`: node dist/workers/main.js', args: ['--enable-source-maps', join(dist, 'workers', 'main.js')], env: {} },
    { name: 'sources (tsx), prebuilt bundle', how: 'tsx workers/main.ts, WORKFLOW_BUNDLE set', args: ['--import', 'tsx', join(PROJECT_ROOT, 'workers', 'main.ts')], env: { WORKFLOW_BUNDLE: bundle } },
    { name: 'sources (tsx), bundled at start', how: "`npm start`'s worker: tsx workers/main.ts", args: ['--import', 'tsx', join(PROJECT_ROOT, 'workers', 'main.ts')], env: {} },
  ];
  const log = createWriteStream(join(stack.dir, 'worker-startup.log'), { flags: 'a' });
  const runs = ways.map((w) => ({ name: w.name, how: w.how, seconds: [] as number[], median: NaN }));
  for (let i = 0; i < starts; i++) {
    for (const [k, w] of ways.entries()) {
      const env = workerEnvironment(
        { address: stack.server.address, taskQueue: 'bench-startup', databaseUrl: stack.databaseUrl, smtpUrl: stack.sink.url },
        { NODE_OPTIONS: '', ...w.env },
      );
      const s = await timeStart(w.args, env, log);
      runs[k]!.seconds.push(s);
      onProgress(`worker start ${i + 1} of ${starts}, ${w.name}: ${s.toFixed(1)} s`);
    }
  }
  log.end();
  for (const r of runs) r.median = median(r.seconds);
  return runs;
}

/** Starts a worker, resolves with the seconds until it polls, and stops it (SIGTERM) before resolving. */
async function timeStart(args: string[], env: NodeJS.ProcessEnv, log: NodeJS.WritableStream): Promise<number> {
  const t0 = performance.now();
  const { child, exited, polling } = startWorkerProcess(args, env, log, `worker (${args.join(' ')}); see worker-startup.log`);
  try {
    await polling;
    return (performance.now() - t0) / 1000;
  } finally {
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(kill);
  }
}
