import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../../scripts/tools';

export interface WorkerProcess {
  pid: number;
  /** Lines the worker printed on stdout so far. */
  lines(): string[];
  /** Resolves with the first stdout line that matches. */
  waitForLine(match: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGKILL: no drain, no goodbye, as when a machine dies. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful drain. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/**
 * A worker in its own process, as production runs it: `workers/main.ts`, or another entry (the fault
 * tests' holding worker), run through tsx with the run's prebuilt workflow bundle; or a compiled
 * `.js` entry (test/build/), run by node alone with the bundle its build put beside it. Configured only
 * through the environment, like the product.
 */
export function startWorkerProcess(env: Record<string, string>, entry = 'workers/main.ts', nodeArgs: string[] = []): WorkerProcess {
  const compiled = entry.endsWith('.js');
  // The run's prebuilt workflow bundle (test/helpers/global-setup.ts): workers start without bundling.
  const bundle = !compiled && process.env.TEST_WORKFLOW_BUNDLE ? { WORKFLOW_BUNDLE: process.env.TEST_WORKFLOW_BUNDLE } : {};
  const child = spawn(process.execPath, [...(compiled ? [] : ['--import', 'tsx']), ...nodeArgs, resolve(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', WORKFLOW_BUNDLE: '', ...bundle, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const out: string[] = [];
  let err = '';
  const listeners = new Set<() => void>();
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    out.push(...parts);
    if (process.env.DEBUG_WORKERS) process.stderr.write(parts.map((p) => `[worker ${child.pid}] ${p}\n`).join(''));
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
    if (process.env.DEBUG_WORKERS) process.stderr.write(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    pid: child.pid!,
    lines: () => [...out],
    waitForLine(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = out.find((l) => match.test(l));
          if (line !== undefined) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(line);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker ${child.pid} printed no line matching ${match} in ${timeoutMs} ms; stderr:\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
