import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { parse, stringify } from 'yaml';
import { startPostgres, type PostgresServer } from './postgres-server';
import { readComposeService } from './dev-server';
import { freePort, freePortBetween } from './ports';
import { temporalCliPath, temporalServerConfigTemplate, temporalServerPath, temporalSqlToolPath } from './tools';

const run = promisify(execFile);

/**
 * A Temporal cluster as production runs one, on this machine: the full server (built by
 * scripts/install-temporal-server.sh) backed by PostgreSQL, with SQL visibility, each service
 * (frontend, history, matching, worker) a process of its own so that one can be killed and started
 * again. Every port is a free loopback port; the `default` namespace and the search attributes
 * temporal-dev.yml declares are created before `startCluster()` resolves.
 *
 * `npm run cluster` starts one for a person; tests (`npm run test:cluster`) and the benchmark
 * (`npm run bench -- --cluster`) call `startCluster()`.
 */

export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ClusterService {
  name: ServiceName;
  /** The running process's id; undefined while the service is down. */
  pid: number | undefined;
  grpcPort: number;
  /** SIGKILL: no drain, no goodbye, as when a machine dies. */
  kill(): Promise<void>;
  /** Starts it again, with the same config and ports, and waits until it serves. */
  start(): Promise<void>;
}

export interface Cluster {
  /** The frontend, `127.0.0.1:<port>`: what TEMPORAL_ADDRESS names. */
  address: string;
  namespace: string;
  /** Config, dynamic config and one log per service. Removed by `stop()`. */
  dir: string;
  /** What ran, for reports: server version, services, shards, persistence. */
  description: string;
  serverVersion: string;
  postgres: { url: string; version: string };
  services: Record<ServiceName, ClusterService>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** History shards (fixed for the life of a cluster's database). Default 4. */
  shards?: number;
  /** The frontend's gRPC port; a free one by default. */
  frontendPort?: number;
  /** Server log level (debug, info, warn, error). Default info. */
  logLevel?: string;
  /** Where config and logs go; a temporary folder by default. */
  dir?: string;
}

/** The search attributes the product's cases set: read from temporal-dev.yml, the one place they are declared. */
export function searchAttributes(): { name: string; type: string }[] {
  const args = readComposeService().command;
  return args.flatMap((a, i) => {
    if (args[i - 1] !== '--search-attribute') return [];
    const [name, type] = a.split('=') as [string, string];
    return [{ name, type }];
  });
}

/** Dynamic config: what the product needs beyond the server's defaults (file polled every 10 s). */
const DYNAMIC_CONFIG = {
  // Operator actions are workflow updates (on by default in 1.32; said here, as temporal-dev.yml says it).
  'frontend.enableUpdateWorkflowExecution': [{ value: true }],
  // Workflow IDs are `<process>:<account>`; the development template's limit, kept.
  'limit.maxIDLength': [{ value: 255 }],
};

interface Ports {
  grpc: number;
  membership: number;
  metrics: number;
  http?: number;
}

/**
 * The cluster's config for one service process, from the server module's development-postgres12.yaml:
 * PostgreSQL at `pg`, every port moved to `ports`, loopback only, archival off, no pprof, this
 * service's Prometheus endpoint on a port of its own (the processes share a host).
 */
export function clusterConfig(o: {
  template: string;
  pg: { host: string; port: number; user: string };
  ports: Record<ServiceName, Ports>;
  service: ServiceName;
  shards: number;
  dynamicConfigFile: string;
  logLevel: string;
}): string {
  type Yaml = Record<string, unknown>;
  const c = parse(o.template) as Yaml;
  const obj = (parent: Yaml, key: string) => (parent[key] ??= {}) as Yaml;

  c.log = { stdout: true, level: o.logLevel };
  const persistence = obj(c, 'persistence');
  persistence.numHistoryShards = o.shards;
  const stores = obj(persistence, 'datastores');
  for (const [name, database, conns] of [
    ['postgres-default', 'temporal', 20],
    ['postgres-visibility', 'temporal_visibility', 10],
  ] as const) {
    const sql = obj(obj(stores, name), 'sql');
    Object.assign(sql, {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${o.pg.host}:${o.pg.port}`,
      connectProtocol: 'tcp',
      user: o.pg.user,
      password: '',
      maxConns: conns,
      maxIdleConns: conns,
    });
  }
  if (persistence.visibilityStore !== 'postgres-visibility') throw new Error('config template: expected SQL visibility (postgres-visibility)');

  const global = obj(c, 'global');
  obj(global, 'membership').broadcastAddress = '127.0.0.1';
  delete global.pprof; // port 0: not started
  global.metrics = { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${o.ports[o.service].metrics}` } };

  const services = obj(c, 'services');
  for (const s of SERVICES) {
    const p = o.ports[s];
    services[s] = { rpc: { grpcPort: p.grpc, membershipPort: p.membership, bindOnLocalHost: true, ...(p.http ? { httpPort: p.http } : {}) } };
  }
  const clusters = obj(obj(c, 'clusterMetadata'), 'clusterInformation');
  const current = String((c.clusterMetadata as Yaml).currentClusterName);
  obj(clusters, current).rpcAddress = `127.0.0.1:${o.ports.frontend.grpc}`;

  c.archival = { history: { state: 'disabled', enableRead: false }, visibility: { state: 'disabled', enableRead: false } };
  c.namespaceDefaults = { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } };
  c.dynamicConfigClient = { filepath: o.dynamicConfigFile, pollInterval: '10s' };
  return stringify(c);
}

/** The last error a service logged (its JSON log's `msg` and `error`), for a message when it dies. */
function lastError(logFile: string): string {
  try {
    const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n').reverse();
    for (const line of lines) {
      if (!/"level":"(fatal|error)"/.test(line)) continue;
      const j = JSON.parse(line) as { msg?: string; error?: string };
      return `: ${j.msg ?? ''}${j.error ? ` (${j.error})` : ''}`;
    }
  } catch {
    // no log, or not JSON
  }
  return '';
}

function describeError(err: unknown): string {
  const messages: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined; e && messages.length < 4; e = e.cause as typeof e) messages.push(String(e.message));
  return messages.join(': ');
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, failed?: () => string | undefined): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const f = failed?.();
    if (f) throw new Error(`${what}: ${f}`);
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (${describeError(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startCluster(o: ClusterOptions = {}): Promise<Cluster> {
  const server = temporalServerPath();
  const sqlTool = temporalSqlToolPath();
  const template = readFileSync(temporalServerConfigTemplate(), 'utf8');
  // Absolute: the config files name the dynamic-config file by it.
  const dir = o.dir ? resolve(o.dir) : mkdtempSync(join(tmpdir(), 'compliance-cluster-'));
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const namespace = 'default';
  const shards = o.shards ?? 4;
  const children = new Set<ChildProcess>();
  const killAll = () => {
    for (const c of children) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  let pg: PostgresServer | undefined;

  try {
    pg = await startPostgres();
    const pgUrl = new URL(pg.url);
    const pgAddr = { host: pgUrl.hostname, port: Number(pgUrl.port), user: decodeURIComponent(pgUrl.username) };

    // The schema tool: each database created, versioned, and brought to the schema embedded in this build.
    const sql = (database: string, ...args: string[]) =>
      run(sqlTool, ['--endpoint', pgAddr.host, '--port', String(pgAddr.port), '--user', pgAddr.user, '--password', '', '--plugin', 'postgres12', '--database', database, ...args], {
        cwd: dir,
      }).catch((err: { stderr?: string; message: string }) => {
        throw new Error(`temporal sql tool (${database} ${args[0]}): ${err.stderr || err.message}`);
      });
    for (const [database, schema] of [
      ['temporal', 'postgresql/v12/temporal'],
      ['temporal_visibility', 'postgresql/v12/visibility'],
    ] as const) {
      await sql(database, 'create-database');
      await sql(database, 'setup-schema', '-v', '0.0');
      await sql(database, 'update-schema', '--schema-name', schema);
    }

    const ports = {} as Record<ServiceName, Ports>;
    for (const s of SERVICES) {
      ports[s] = {
        grpc: s === 'frontend' && o.frontendPort ? o.frontendPort : await freePort(),
        // cluster_membership.rpc_port is a SMALLINT: a port above 32767 fails the service at start
        // ("value is out of range for type smallint"), and the kernel's free ports are all above it.
        membership: await freePortBetween(20_000, 32_767),
        metrics: await freePort(),
      };
    }
    ports.frontend.http = await freePort();
    const dynamicConfigFile = join(dir, 'dynamicconfig.yaml');
    writeFileSync(dynamicConfigFile, stringify(DYNAMIC_CONFIG));
    const configFile = (s: ServiceName) => join(dir, `${s}.yaml`);
    for (const s of SERVICES) {
      const text = clusterConfig({ template, pg: pgAddr, ports, service: s, shards, dynamicConfigFile, logLevel: o.logLevel ?? 'info' });
      writeFileSync(configFile(s), text);
    }
    const serverVersion = (await run(server, ['--version'])).stdout.trim();

    const address = `127.0.0.1:${ports.frontend.grpc}`;
    const services = {} as Record<ServiceName, ClusterService>;
    for (const name of SERVICES) {
      let child: ChildProcess | undefined;
      let exited: string | undefined;
      const logFile = join(dir, 'logs', `${name}.log`);
      const spawnIt = () => {
        const out = openSync(logFile, 'a');
        child = spawn(server, ['--config-file', configFile(name), '--allow-no-auth', 'start', '--service', name], { stdio: ['ignore', out, out] });
        closeSync(out);
        exited = undefined;
        const c = child;
        children.add(c);
        c.once('exit', (code, signal) => {
          children.delete(c);
          exited = `exited with ${signal ?? code}${lastError(logFile)}; log: ${logFile}`;
        });
      };
      const svc: ClusterService = {
        name,
        get pid() {
          return child && !exited ? child.pid : undefined;
        },
        grpcPort: ports[name].grpc,
        async kill() {
          const c = child;
          if (!c || exited) return;
          const gone = new Promise((r) => c.once('exit', r));
          c.kill('SIGKILL');
          await gone;
        },
        async start() {
          if (child && !exited) throw new Error(`${name} is running (pid ${child.pid})`);
          spawnIt();
          await until(`${name} service on port ${ports[name].grpc}`, () => listening(ports[name].grpc), 60_000, () => exited);
        },
      };
      services[name] = svc;
    }
    const stopServices = async () => {
      // SIGTERM drains; a service that takes longer than 15 s is killed.
      await Promise.all(
        [...children].map(
          (c) =>
            new Promise<void>((resolve) => {
              const kill = setTimeout(() => c.kill('SIGKILL'), 15_000);
              c.once('exit', () => {
                clearTimeout(kill);
                resolve();
              });
              c.kill('SIGTERM');
            }),
        ),
      );
    };

    let connection: Connection | undefined;
    try {
      // The frontend first: the namespace and its search attributes exist before history, matching and
      // the worker service load their namespace caches, so no process starts with a stale one.
      await services.frontend.start();
      const frontendDown = () => (services.frontend.pid === undefined ? 'the frontend process exited' : undefined);
      await until(
        'frontend answers',
        async () => {
          connection ??= await Connection.connect({ address, connectTimeout: 2_000 });
          await connection.workflowService.getSystemInfo({});
          return true;
        },
        60_000,
        frontendDown,
      );
      const client = new Client({ connection: connection!, namespace });
      const cli = (...args: string[]) =>
        run(temporalCliPath(), [...args, '--address', address], { cwd: dir }).catch((err: { stderr?: string; message: string }) => {
          throw new Error(`temporal ${args.slice(0, 3).join(' ')}: ${err.stderr || err.message}`);
        });
      await cli('operator', 'namespace', 'create', '--namespace', namespace);
      // One attribute per call: given several `--name`s, the CLI (1.9.1) against SQL visibility reports
      // success but maps only the first (the others: "no mapping defined for search attribute").
      for (const sa of searchAttributes()) {
        await cli('operator', 'search-attribute', 'create', '--namespace', namespace, '--name', sa.name, '--type', sa.type);
      }
      await Promise.all(SERVICES.filter((s) => s !== 'frontend').map((s) => services[s].start()));
      await probe(client);
    } catch (err) {
      await stopServices();
      throw err;
    } finally {
      await connection?.close();
    }

    const description =
      `Temporal Server ${serverVersion.replace(/^.*version\s+/i, '')} (built from source), ${SERVICES.join(', ')} as separate processes, ` +
      `${shards} history shards, PostgreSQL persistence and SQL visibility (${pg.version.replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ')})`;
    const thePg = pg;
    return {
      address,
      namespace,
      dir,
      description,
      serverVersion,
      postgres: { url: thePg.url, version: thePg.version },
      services,
      async stop() {
        await stopServices();
        process.off('exit', killAll);
        await thePg.stop();
        if (!o.dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    killAll();
    process.off('exit', killAll);
    await pg?.stop();
    if (!o.dir) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The cluster serves the product: a workflow carrying every search attribute the product sets starts
 * (frontend, history), its task queue answers (matching), and a visibility query on those attributes
 * finds it (SQL visibility, the namespace's attribute mapping). Then it is terminated and deleted.
 */
async function probe(client: Client): Promise<void> {
  const id = `cluster-probe-${randomUUID()}`;
  const taskQueue = 'cluster-probe';
  const values: Record<string, unknown[]> = {};
  for (const sa of searchAttributes()) values[sa.name] = [sa.type === 'Datetime' ? new Date() : id];
  await until(
    'a probe workflow starts',
    async () => {
      await client.workflow.start('clusterProbe', { workflowId: id, taskQueue, searchAttributes: values as never });
      return true;
    },
    90_000,
  );
  const svc = client.connection.workflowService;
  await until('matching answers for the probe task queue', async () => (await svc.describeTaskQueue({ namespace: client.options.namespace, taskQueue: { name: taskQueue } }), true), 60_000);
  const key = searchAttributes().find((sa) => sa.type === 'Keyword')!.name;
  await until(
    `visibility finds the probe by ${key}`,
    async () => {
      for await (const wf of client.workflow.list({ query: `${key} = "${id}" AND ExecutionStatus = "Running"` })) if (wf.workflowId === id) return true;
      return false;
    },
    60_000,
  );
  await client.workflow.getHandle(id).terminate('cluster probe');
  // Deleted once visibility shows it closed. The deletion completes in the background (here within a
  // minute); until then `temporal workflow list` shows the probe, terminated.
  const listed = async () => {
    for await (const wf of client.workflow.list({ query: `WorkflowId = "${id}"` })) return wf.status.name;
    return undefined;
  };
  await until('visibility shows the probe closed', async () => (await listed()) === 'TERMINATED', 30_000);
  await svc.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId: id } });
}

/** `npm run cluster`: starts a cluster, prints where it is, stops it on Ctrl-C. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      shards: { type: 'string' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(`npm run cluster -- [--port N] [--shards N] [--log-level info]

A throw-away Temporal cluster on PostgreSQL: frontend, history, matching and worker services as separate
processes, the "default" namespace and the product's search attributes. Ctrl-C stops it and removes
its data. Build the server first: bash scripts/install-temporal-server.sh (npm run cluster does).`);
    return;
  }
  const num = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`--${name}: must be a whole number above 0`);
    return n;
  };
  console.log('starting PostgreSQL and the Temporal services…');
  const started = Date.now();
  const cluster = await startCluster({
    frontendPort: num('port', values.port),
    shards: num('shards', values.shards),
    logLevel: values['log-level'],
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // A service that dies (kill -9 it to see) is started again, as a process supervisor would.
  const restarting = new Set<ServiceName>();
  setInterval(() => {
    for (const s of SERVICES) {
      if (stopping || restarting.has(s) || cluster.services[s].pid !== undefined) continue;
      restarting.add(s);
      console.log(`${s} service is down; starting it again`);
      cluster.services[s].start().then(
        () => console.log(`${s} service is back (pid ${cluster.services[s].pid})`),
        (err: Error) => console.error(`${s} service did not start: ${err.message}`),
      ).finally(() => restarting.delete(s));
    }
  }, 1000);
  const pids = SERVICES.map((s) => `${s} ${cluster.services[s].pid}`).join(', ');
  console.log(
    [
      '',
      `Temporal cluster up in ${((Date.now() - started) / 1000).toFixed(0)} s: ${cluster.description}`,
      `  frontend      ${cluster.address}   namespace "${cluster.namespace}"`,
      `  processes     ${pids}`,
      `  PostgreSQL    ${cluster.postgres.url}  (databases temporal, temporal_visibility)`,
      `  config, logs  ${cluster.dir}`,
      '',
      `  Use it:  TEMPORAL_ADDRESS=${cluster.address} npm start     (or npm run worker / npm run cli with it)`,
      `           .tools/venv/bin/temporal workflow list --address ${cluster.address}`,
      `  Break it: kill -9 ${cluster.services.history.pid}   (the history service: started again within seconds)`,
      '  Stop:    Ctrl-C',
      '',
    ].join('\n'),
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
