import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from '../../scripts/ports';

const run = promisify(execFile);

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
  /** An outage: the server shuts down (connections dropped, new ones refused), keeping its files. */
  shutDown(): Promise<void>;
  /** Back from the outage, on the same port and data. */
  startAgain(): Promise<void>;
}

/** The newest Debian PostgreSQL server installed (`/usr/lib/postgresql/<major>/bin`), if any. */
export function postgresInstallation(): { major: number; binDir: string } | undefined {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  return majors.length ? { major: majors[0]!, binDir: join(root, String(majors[0]), 'bin') } : undefined;
}

/**
 * A throw-away PostgreSQL cluster of Debian's `postgresql` package: initdb in a temp folder, the
 * server on a free 127.0.0.1 port (trust auth, fsync off), its unix socket inside the folder.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` system user.
 * `stop()` stops the server and removes the folder; should the test process die first (a crash, a
 * kill), a watchdog that holds a pipe from this process does the same.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const pg = postgresInstallation();
  if (!pg) {
    throw new Error('no PostgreSQL server found in /usr/lib/postgresql/*/bin: run `bash scripts/install-postgres.sh`');
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'compliance-test-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  // As root: `runuser -u postgres -- <cmd>`; the working directory is the temp folder, which that user may enter.
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(pg.binDir, tool), ...args]] : [join(pg.binDir, tool), args];
  const exec = async (tool: string, args: string[]) => {
    const [file, argv] = command(tool, args);
    try {
      await run(file, argv, { cwd: dir });
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      const log = existsSync(logFile) ? `\nserver log:\n${readFileSync(logFile, 'utf8')}` : '';
      throw new Error(`${tool} failed: ${e.stderr || e.stdout || e.message}${log}`);
    }
  };

  const stopArgs = ['stop', '-D', dataDir, '-m', 'fast', '-w'];
  const [stopFile, stopArgv] = command('pg_ctl', stopArgs);
  // The watchdog waits for end-of-file on its stdin, which comes when this process ends in any way.
  const watchdog = spawn('sh', ['-c', 'cat > /dev/null; "$@" > /dev/null 2>&1; rm -rf "$PG_TEST_DIR"', 'watchdog', stopFile, ...stopArgv], {
    cwd: dir,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, PG_TEST_DIR: dir },
  });
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?(): void }).unref?.();

  const stop = async () => {
    await exec('pg_ctl', stopArgs).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    watchdog.stdin?.end(); // the watchdog finds nothing left to do, and exits

  };

  try {
    await exec('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    // A port found free may be taken before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        const start = () => exec('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options]);
        await start();
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, shutDown: () => exec('pg_ctl', stopArgs), startAgain: start };
      } catch (err) {
        if (attempt >= 3 || !/could not bind|address already in use/i.test(String(err))) throw err;
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A database of its own on the run's shared PostgreSQL server (started by the global setup), dropped
 * at `stop()`: a test file gets a clean store without the seconds an initdb and a server start cost.
 * Tests that take the server down (the fault tests) start a server of their own instead.
 */
export async function startPostgresDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const shared = process.env.TEST_POSTGRES_URL;
  if (!shared) return startPostgres();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: shared.replace(/\/postgres$/, `/${name}`),
    async stop() {
      const c = new pg.Client({ connectionString: shared });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
