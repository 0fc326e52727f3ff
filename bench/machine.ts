import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, temporalCliPath } from '../scripts/tools';

export interface Machine {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  temporalCli: string;
  temporalSdk: string;
  /** Which Temporal server the run measured against (runs before this field: the dev server). */
  server?: string;
  store: string;
  commit: string;
  /** 1-minute load average when the run started: other processes' load shows here. */
  loadAtStart: number;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(store: string, server: string): Machine {
  const sdk = JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', '@temporalio', 'worker', 'package.json'), 'utf8')) as { version: string };
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' (with uncommitted changes)' : '';
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    temporalCli: execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim(),
    temporalSdk: sdk.version,
    server,
    store,
    commit: `${git(['rev-parse', '--short', 'HEAD']) || 'unknown'}${dirty}`,
    loadAtStart: loadavg()[0]!,
  };
}
