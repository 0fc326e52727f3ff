import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { EMBEDDED_STORE_ROLES } from '../store/db';
import { freePort } from './ports';

const run = promisify(execFile);
const ROOT = '/usr/lib/postgresql';

export interface PostgresInstallation {
  major: number;
  binDir: string;
}

/**
 * A Debian PostgreSQL server installed in `/usr/lib/postgresql/<major>/bin` (package `postgresql`,
 * which scripts/install-postgres.sh installs): the given major, or the newest.
 */
export function postgresInstallation(major?: number): PostgresInstallation | undefined {
  const majors = existsSync(ROOT)
    ? readdirSync(ROOT)
        .filter((v) => /^\d+$/.test(v) && existsSync(join(ROOT, v, 'bin', 'initdb')))
        .map(Number)
        .filter((v) => major === undefined || v === major)
        .sort((a, b) => b - a)
    : [];
  return majors.length ? { major: majors[0]!, binDir: join(ROOT, String(majors[0]), 'bin') } : undefined;
}

export interface PostgresOptions {
  /**
   * The cluster's folder, kept: initialised if missing or empty, else started on what it holds.
   * Unset: a throw-away cluster in a temporary folder, removed at `stop()`.
   */
  dir?: string;
  /** The 127.0.0.1 port; unset: a free one. */
  port?: number;
  /**
   * true (the default): fsync, synchronous commit and full-page writes on, as in production.
   * false: all three off, for tests: faster, and a machine crash may lose or corrupt the cluster.
   */
  durable?: boolean;
  maxConnections?: number;
}

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust auth on loopback). */
  url: string;
  port: number;
  /** The major version it runs. */
  major: number;
  /** The cluster's folder (PGDATA); its server log is `server.log` in it. */
  dir: string;
  /** `postgres --version`, e.g. "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)". */
  version: string;
  /** Fast shutdown (open transactions roll back, what was committed stays); a throw-away cluster's folder goes too. */
  stop(): Promise<void>;
  /** An outage: the server shuts down (connections dropped, new ones refused), keeping its files. */
  shutDown(): Promise<void>;
  /** Back from the outage, on the same port and data. */
  startAgain(): Promise<void>;
}

/**
 * Starts a PostgreSQL cluster of Debian's `postgresql` on 127.0.0.1 only, trust auth, UTF8, no unix
 * socket. initdb and postgres refuse to run as root, so as root they run as the `postgres` user
 * (runuser) and the cluster's folder belongs to it; its parent folders must let that user through.
 *
 * A watchdog process holds a pipe from this one: should this process end without `stop()` (a crash, a
 * kill), it stops the server (fast) and removes a throw-away folder. A kept cluster whose server is
 * still running anyway (left by a process that died with its watchdog) is stopped first and started
 * again with these options: its port and settings may not be the ones asked for. A stale
 * postmaster.pid (its process gone, or no longer a postgres of this folder) is removed.
 */
export async function startPostgres(opts: PostgresOptions = {}): Promise<PostgresServer> {
  const kept = opts.dir !== undefined;
  const dir = kept ? resolve(opts.dir!) : mkdtempSync(join(tmpdir(), 'compliance-pg-'));
  const durable = opts.durable ?? true;
  const clusterMajor = existsSync(join(dir, 'PG_VERSION')) ? Number(readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()) : undefined;
  const installed = postgresInstallation(clusterMajor);
  if (!installed) {
    if (!kept) rmSync(dir, { recursive: true, force: true });
    throw new Error(
      clusterMajor
        ? `${dir} holds a PostgreSQL ${clusterMajor} cluster, and PostgreSQL ${clusterMajor} is not installed in ${ROOT}: install postgresql-${clusterMajor}, or move the folder away to start afresh`
        : `no PostgreSQL server in ${ROOT}/*/bin: run \`bash scripts/install-postgres.sh\``,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  const logFile = join(dir, 'server.log');
  const command = (tool: string, args: string[]): [string, string[]] => {
    const file = join(installed.binDir, tool);
    return owner ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  };
  const exec = async (tool: string, args: string[]): Promise<string> => {
    const logFrom = existsSync(logFile) ? statSync(logFile).size : 0;
    try {
      return (await run(...command(tool, args), { cwd: dir })).stdout;
    } catch (err) {
      const e = err as { stderr?: string; stdout?: string; message: string };
      // What the server logged during this call only: a kept cluster's log holds earlier runs too.
      const logged = existsSync(logFile) ? readFileSync(logFile).subarray(logFrom).toString('utf8').trimEnd().split('\n').slice(-20).join('\n') : '';
      throw new Error(`${tool} failed: ${(e.stderr || e.stdout || e.message).trim()}${logged ? `\nserver log (${logFile}):\n${logged}` : ''}`);
    }
  };

  if (kept) {
    // Only the cluster's own folder is closed to others (initdb wants it so); its parents keep the usual mode.
    mkdirSync(dirname(dir), { recursive: true });
    if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
    if (owner) {
      if (!clusterMajor) chownSync(dir, owner.uid, owner.gid);
      const uid = statSync(dir).uid;
      if (uid !== owner.uid) throw new Error(`${dir} holds a cluster that does not belong to the postgres user (uid ${uid}): chown -R postgres: ${dir}`);
      try {
        execFileSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir, '-a', '-x', dir]);
      } catch {
        throw new Error(`the postgres user cannot reach ${dir} (a parent folder is closed to it): choose a data folder it can reach, or run as a user other than root`);
      }
    } else if (clusterMajor && statSync(dir).uid !== process.getuid?.()) {
      throw new Error(`${dir} belongs to another user (uid ${statSync(dir).uid}); a cluster made by a run as root belongs to postgres: run as root again, or move the folder away`);
    }
  } else if (owner) {
    chownSync(dir, owner.uid, owner.gid);
  }

  const stopArgs = ['stop', '-D', dir, '-m', 'fast', '-w', '-t', '60'];
  const [stopFile, stopArgv] = command('pg_ctl', stopArgs);
  // The watchdog reads its stdin to end-of-file, which comes when this process ends in any way; a
  // "done" line first means stop() did the work.
  const watchdog = spawn(
    'sh',
    ['-c', 'read -r line; [ "$line" = done ] && exit 0; "$@" > /dev/null 2>&1; [ -n "$PG_THROWAWAY" ] && rm -rf "$PG_DIR"; exit 0', 'watchdog', stopFile, ...stopArgv],
    { cwd: dir, detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { PATH: process.env.PATH, PG_DIR: dir, PG_THROWAWAY: kept ? '' : '1' } },
  );
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?(): void }).unref?.();
  const dismissWatchdog = () => {
    if (!watchdog.stdin?.writable) return;
    watchdog.stdin.end('done\n');
  };

  const stop = async () => {
    await exec('pg_ctl', stopArgs).catch(() => undefined);
    if (!kept) rmSync(dir, { recursive: true, force: true });
    dismissWatchdog();
  };

  try {
    if (!clusterMajor) {
      if (kept && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty and holds no PostgreSQL cluster (no PG_VERSION): move it away`);
      await exec('initdb', [
        '-D', dir, '-U', 'postgres', '--auth-local=trust', '--auth-host=trust', '--encoding=UTF8', '--locale=C', '--no-instructions',
        ...(durable ? [] : ['--no-sync']),
      ]);
    } else {
      await clearLeftover(dir, () => exec('pg_ctl', stopArgs));
    }
    const settings = [
      '-c listen_addresses=127.0.0.1',
      "-c unix_socket_directories=''",
      ...(durable ? ['-c fsync=on', '-c synchronous_commit=on', '-c full_page_writes=on'] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      ...(opts.maxConnections ? [`-c max_connections=${opts.maxConnections}`] : []),
    ];
    const version = (await exec('postgres', ['--version'])).trim();
    // A port found free may be taken before the server binds it: try another.
    for (let attempt = 1; ; attempt++) {
      const port = opts.port ?? (await freePort());
      const start = () => exec('pg_ctl', ['start', '-D', dir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${port} ${settings.join(' ')}`]).then(() => undefined);
      try {
        await start();
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, major: installed.major, dir, version, stop, shutDown: () => exec('pg_ctl', stopArgs).then(() => undefined), startAgain: start };
      } catch (err) {
        const taken = /could not bind|address already in use/i.test(String(err));
        if (taken && opts.port !== undefined) throw new Error(`port ${port} on 127.0.0.1 is taken: PostgreSQL could not listen on it`);
        if (attempt >= 3 || !taken) throw err;
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Before a kept cluster starts: a server of this folder still running is stopped; a postmaster.pid
 * whose process is gone, or is not this folder's postgres (its pid reused after a reboot), is removed,
 * since postgres would refuse to start while a live process has that pid.
 */
async function clearLeftover(dir: string, stopServer: () => Promise<unknown>): Promise<void> {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // no such process
  }
  const args = cmdline.split('\0');
  const serves = args.some((a) => /(^|\/)postgres$/.test(a)) && args.includes(dir);
  if (serves) {
    console.error(`a PostgreSQL server (pid ${pid}) left running on ${dir} by an earlier run: stopping it, to start it with this run's settings`);
    await stopServer();
  } else {
    rmSync(pidFile, { force: true });
  }
}

/**
 * The store `npm start` runs: a kept, durable cluster in `<dataDir>/postgres` on 127.0.0.1:`port`,
 * with the owner and app roles in it (`store`: the URLs to connect as either).
 */
export async function startLocalStore(dataDir: string, port: number): Promise<PostgresServer & { store: StoreUrls }> {
  const server = await startPostgres({ dir: join(dataDir, 'postgres'), port, durable: true });
  try {
    return { ...server, store: await ensureStoreRoles(server.url) };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** The owner and app roles of the stores we run (store/db.ts). */
export const STORE_ROLES = EMBEDDED_STORE_ROLES;

export interface StoreUrls {
  /** DATABASE_URL: the app role. */
  url: string;
  /** DATABASE_OWNER_URL: the owner, for migrations only. */
  ownerUrl: string;
  appRole: string;
}

/** `url` with another user and, when given, another database. */
export function withRole(url: string, role: string, database?: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = '';
  if (database) u.pathname = `/${database}`;
  return u.toString();
}

/**
 * Creates the two roles (no passwords: our clusters trust loopback) in the cluster `superuserUrl`
 * reaches, if missing, and lets the owner create in `database`'s public schema. Objects an older
 * release made there as the superuser (its workers migrated as `postgres`) are handed to the owner,
 * so that migration 005 can run and lock them down.
 */
export async function ensureStoreRoles(superuserUrl: string, database?: string): Promise<StoreUrls> {
  const target = database ?? new URL(superuserUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: withRole(superuserUrl, decodeURIComponent(new URL(superuserUrl).username), target) });
  await admin.connect();
  try {
    for (const role of Object.values(STORE_ROLES)) {
      // Two test files may race to create a role: the loser's error is harmless.
      await admin
        .query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN; END IF; END $$`)
        .catch((err: { code?: string }) => {
          if (err.code !== '23505' && err.code !== '42710') throw err;
        });
    }
    await admin.query(`GRANT CREATE, USAGE ON SCHEMA public TO ${STORE_ROLES.owner}`);
    await admin.query(`DO $$
      DECLARE o record;
      BEGIN
        FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v') AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) LOOP
          EXECUTE format('ALTER TABLE public.%I OWNER TO ${STORE_ROLES.owner}', o.relname);
        END LOOP;
        FOR o IN SELECT p.oid::regprocedure AS f FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE n.nspname = 'public' AND p.proowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) LOOP
          EXECUTE format('ALTER FUNCTION %s OWNER TO ${STORE_ROLES.owner}', o.f);
        END LOOP;
      END $$`);
  } finally {
    await admin.end();
  }
  return {
    url: withRole(superuserUrl, STORE_ROLES.app, target),
    ownerUrl: withRole(superuserUrl, STORE_ROLES.owner, target),
    appRole: STORE_ROLES.app,
  };
}
