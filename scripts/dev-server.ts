import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { parse } from 'yaml';
import { PROJECT_ROOT, temporalCliPath } from './tools';

export const COMPOSE_FILE = join(PROJECT_ROOT, 'temporal-dev.yml');

interface ComposeService {
  command: string[];
  volumes?: string[];
  ports?: string[];
}

export function readComposeService(file = COMPOSE_FILE): ComposeService {
  const doc = parse(readFileSync(file, 'utf8')) as { services?: { temporal?: ComposeService } };
  const svc = doc.services?.temporal;
  if (!svc || !Array.isArray(svc.command)) throw new Error(`${file}: services.temporal.command must be a list`);
  return { ...svc, command: svc.command.map(String) };
}

export interface NativeOverrides {
  /** Host folder standing in for the container volume (default: the volume's host side). */
  dataDir?: string;
  ip?: string;
  port?: number;
  uiPort?: number;
  /** The codec server the UI asks to decrypt payloads (CODEC_SERVER_PORT moves it). */
  codecEndpoint?: string;
}

/**
 * The compose file's command, made native: container paths of mounted volumes become host paths,
 * `--ip` binds loopback, and ports may be moved (tests run beside a running `npm start`).
 */
export function nativeArgs(svc: ComposeService, o: NativeOverrides = {}, composeDir = dirname(COMPOSE_FILE)): string[] {
  const mounts = (svc.volumes ?? []).map((v) => {
    const [host, container] = v.split(':') as [string, string];
    return { container, host: o.dataDir ?? (isAbsolute(host) ? host : resolve(composeDir, host)) };
  });
  const replace: Record<string, string | undefined> = {
    '--ip': o.ip ?? '127.0.0.1',
    '--port': o.port?.toString(),
    '--ui-port': o.uiPort?.toString(),
    '--ui-codec-endpoint': o.codecEndpoint,
  };
  const args = [...svc.command];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = replace[flag];
    if (value !== undefined && i + 1 < args.length) args[i + 1] = value;
    for (const m of mounts) {
      if (args[i] === m.container || args[i]!.startsWith(`${m.container}/`)) args[i] = m.host + args[i]!.slice(m.container.length);
    }
  }
  return args;
}

export function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the dev server as temporal-dev.yml describes it and waits until its frontend answers. */
export async function startDevServer(o: NativeOverrides & { logFile?: string } = {}): Promise<DevServer> {
  const svc = readComposeService();
  const args = nativeArgs(svc, o);
  const dbFile = flagValue(args, '--db-filename');
  if (dbFile) mkdirSync(dirname(dbFile), { recursive: true });
  const out = o.logFile ? openSync(o.logFile, 'a') : 'ignore';
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', out, out] });
  const address = `${flagValue(args, '--ip')}:${flagValue(args, '--port') ?? '7233'}`;
  const uiUrl = `http://${flagValue(args, '--ip')}:${flagValue(args, '--ui-port') ?? '8233'}`;
  let exited: string | undefined;
  // If this process dies without stopping the server (a crashed test run), the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
    process.off('exit', killOnExit);
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`temporal dev server ${exited} at start (args: ${args.join(' ')})`);
    try {
      const conn = await Connection.connect({ address, connectTimeout: 1000 });
      await conn.workflowService.describeNamespace({ namespace: flagValue(args, '--namespace') ?? 'default' });
      await conn.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`temporal dev server did not answer on ${address} within 60 s: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  return {
    address,
    uiUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (exited) return resolveStop();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}
