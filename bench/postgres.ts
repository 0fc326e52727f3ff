import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../scripts/ports';

const run = promisify(execFile);

export interface Postgres {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL cluster (Debian's `postgresql`, as `bash scripts/install-postgres.sh`
 * installs it) in a temporary folder, on a free loopback port: trust auth, durability settings at
 * their defaults (as in production). initdb and postgres refuse to run as root, so as root they run
 * as the `postgres` user. Stopped and removed by `stop()`, or when this process exits.
 */
export async function startPostgres(): Promise<Postgres> {
  const root = '/usr/lib/postgresql';
  const major = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!major) throw new Error('no PostgreSQL server in /usr/lib/postgresql/*/bin: run `bash scripts/install-postgres.sh`, or pass --database-url');
  const bin = join(root, major, 'bin');
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, id('-u'), id('-g'));
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const exec = (tool: string, args: string[]) => run(...command(tool, args), { cwd: dir });
  const data = join(dir, 'data');
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`;
  await exec('pg_ctl', ['start', '-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', options]);
  const stopArgs = ['stop', '-D', data, '-m', 'fast', '-w'];
  const stopOnExit = () => {
    try {
      execFileSync(...command('pg_ctl', stopArgs), { stdio: 'ignore' });
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopOnExit);
  const version = (await exec('postgres', ['--version'])).stdout.trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    async stop() {
      process.off('exit', stopOnExit);
      await exec('pg_ctl', stopArgs).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
