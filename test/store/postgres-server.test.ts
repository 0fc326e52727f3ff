import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../scripts/ports';
import { postgresInstallation, startPostgres } from '../../scripts/postgres-server';
import { PROJECT_ROOT } from '../../scripts/tools';
import { until } from '../helpers/wait';

// A kept cluster (as npm start's) after its process died: started again on the same data, whatever was left.
let dir: string;
beforeAll(() => {
  const parent = mkdtempSync(join(tmpdir(), 'compliance-pg-kept-'));
  chmodSync(parent, 0o755);
  dir = join(parent, 'postgres');
});
afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = tcpConnect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

test('the process that started it is killed: its watchdog stops the server; the next start has the data', async () => {
  const port = await freePort();
  const code = `require('./scripts/postgres-server').startPostgres({ dir: ${JSON.stringify(dir)}, port: ${port}, durable: false }).then(() => { console.log('up'); setInterval(() => {}, 1000); })`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: PROJECT_ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('up') && resolve());
    child.once('exit', (c) => reject(new Error(`exited with ${c}`)));
  });
  await sql(`postgres://postgres@127.0.0.1:${port}/postgres`, `CREATE TABLE kept (v text); INSERT INTO kept VALUES ('before the kill')`);
  child.kill('SIGKILL');
  await until(async () => !(await portOpen(port)), 30_000);
  expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);

  const server = await startPostgres({ dir, durable: false });
  try {
    expect(await sql(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'before the kill' }]);
  } finally {
    await server.stop();
  }
});

test('a server of this folder still running (its watchdog gone too) is stopped and started with the new settings', async () => {
  // Started by hand, as nothing of ours would stop it.
  const oldPort = await freePort();
  const pgCtl = join(postgresInstallation()!.binDir, 'pg_ctl');
  const args = ['start', '-D', dir, '-l', join(dir, 'server.log'), '-w', '-o', `-p ${oldPort} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`];
  execFileSync(...((process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', pgCtl, ...args]] : [pgCtl, args]) as [string, string[]]), { stdio: 'ignore' });
  expect(await portOpen(oldPort)).toBe(true);

  const server = await startPostgres({ dir, durable: false });
  try {
    expect(server.port).not.toBe(oldPort);
    expect(await portOpen(oldPort)).toBe(false);
    expect(await sql(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'before the kill' }]);
  } finally {
    await server.stop();
  }
});

test('a stale postmaster.pid naming a live process that is not this server is set aside', async () => {
  // A process of the server's user, so that postgres itself could see it alive (as after a reboot reused its pid).
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  const other = spawn('sleep', ['60'], { stdio: 'ignore', ...(process.getuid?.() === 0 ? { uid: id('-u'), gid: id('-g') } : {}) });
  try {
    writeFileSync(join(dir, 'postmaster.pid'), `${other.pid}\n${dir}\n`);
    const server = await startPostgres({ dir, durable: false });
    try {
      expect(await sql(server.url, 'SELECT v FROM kept')).toEqual([{ v: 'before the kill' }]);
    } finally {
      await server.stop();
    }
    expect(other.exitCode).toBeNull();
  } finally {
    other.kill();
  }
});
