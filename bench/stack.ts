import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../codec/data-converter';
import { ensurePayloadKeys } from '../codec/keys';
import { startSmtpSink, type SmtpSink } from '../mail/sink';
import { startCluster } from '../scripts/cluster';
import { startDevServer } from '../scripts/dev-server';
import type { IdentityDeps } from '../identity/deps';
import { ensureIdentityKeys, readIdentityKeys } from '../identity/keys';
import { storeVerifier } from '../identity/store-verifier';
import { identityVault } from '../identity/vault';
import { connect, type Db } from '../store/db';
import { assertMigrated, migrate } from '../store/migrate';
import { upsertOperator } from '../store/operators';
import { PLATFORM } from './principals';
import { DEFAULT_ACTION_KEY_FILES, ensureActionKeys } from '../security/action-keys';
import { loadActionSigner, type ActionSigner } from '../security/action-signer';
import { ensureStoreRoles, startPostgres } from '../scripts/postgres-server';
import { freePort } from '../scripts/ports';
import { PROJECT_ROOT, temporalCliPath } from '../scripts/tools';

/** The Temporal service a run measures against. */
export interface BenchServer {
  address: string;
  kind: 'dev' | 'cluster';
  /** For the report: which server, on what. */
  description: string;
  stop(): Promise<void>;
}

/**
 * What the benchmark runs on: the dev server as temporal-dev.yml describes it (fresh SQLite file, free
 * ports), or with `cluster` a Temporal cluster on PostgreSQL (scripts/cluster.ts: one process per
 * service), the store on PostgreSQL, the SMTP sink, and a client. Everything lives in temporary
 * folders, removed at the end. The store's PostgreSQL is throw-away and durable (fsync on), as in
 * production.
 */
export interface BenchStack {
  /** Unique to this run: prefixes the accounts it seeds (a --database-url store may hold earlier runs'). */
  runId: string;
  dir: string;
  server: BenchServer;
  client: Client;
  db: Db;
  databaseUrl: string;
  /** Seals the benchmark's actions (its own key pair, made in `dir`). */
  signer: ActionSigner;
  /**
   * The identity vault and the store's real-name register as verifier (IDENTITY_VERIFIER=store), for the
   * processes that verify a subject (registration, the receiving side of a transfer).
   */
  identity: IdentityDeps;
  /** A client without the payload codec, for the bare workflows. */
  bareClient: Client;
  /** "PostgreSQL 15.x (…)", or "given by --database-url". */
  store: string;
  sink: SmtpSink;
  stop(): Promise<void>;
}

async function startServer(dir: string, cluster: boolean): Promise<BenchServer> {
  if (cluster) {
    // Builds the server the first time (idempotent: nothing to do once built).
    execFileSync('bash', [join(PROJECT_ROOT, 'scripts', 'install-temporal-server.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    // Its own PostgreSQL, apart from the store's, as production keeps them; logs under the run's folder.
    const c = await startCluster({ dir: join(dir, 'cluster') });
    return { address: c.address, kind: 'cluster', description: `cluster: ${c.description}`, stop: () => c.stop() };
  }
  const dev = await startDevServer({
    dataDir: join(dir, 'temporal'),
    port: await freePort(),
    uiPort: await freePort(),
    logFile: join(dir, 'temporal.log'),
  });
  const cli = execFileSync(temporalCliPath(), ['--version'], { encoding: 'utf8' }).trim();
  return { address: dev.address, kind: 'dev', description: `dev server (temporal-dev.yml, SQLite): ${cli}`, stop: () => dev.stop() };
}

export async function startBenchStack(o: { databaseUrl?: string; cluster?: boolean } = {}): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-bench-'));
  const server = await startServer(dir, o.cluster ?? false);
  const pg = o.databaseUrl ? undefined : await startPostgres({ maxConnections: 200 });
  // A store of our own is migrated as its owner and used as the app role; a given one is migrated already.
  const store = pg ? await ensureStoreRoles(pg.url) : undefined;
  if (store) {
    const owner = connect(store.ownerUrl, 1);
    await migrate(owner, store).finally(() => owner.end());
  }
  const databaseUrl = o.databaseUrl ?? store!.url;
  const db = connect(databaseUrl);
  await assertMigrated(db);
  await upsertOperator(db, { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer'] });
  await upsertOperator(db, { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor', 'reviewer'] });
  await upsertOperator(db, { id: 'supervisor-zhao', displayName: '赵主管', roles: ['supervisor', 'reviewer'] });
  await upsertOperator(db, { id: PLATFORM.id, displayName: '内容风控服务', roles: ['platform'] });
  // The benchmark's action-signing key pair; the workers it spawns inherit where the public key is.
  const keys = DEFAULT_ACTION_KEY_FILES(join(dir, 'keys'));
  ensureActionKeys(keys);
  process.env.ACTION_VERIFY_KEYS_FILE = keys.verifyKeysFile;
  const signer = loadActionSigner(keys.signingKeyFile);
  const sink = await startSmtpSink({});
  // Payloads encrypted as in production; the workers the benchmark starts inherit the variable.
  process.env.PAYLOAD_KEYS_FILE = join(dir, 'payload-keys.json');
  ensurePayloadKeys(process.env.PAYLOAD_KEYS_FILE);
  // The identity keys, made for the run; the workers it starts inherit where they are.
  process.env.IDENTITY_KEYS_FILE = join(dir, 'keys', 'identity-keys.json');
  ensureIdentityKeys(process.env.IDENTITY_KEYS_FILE);
  const vault = identityVault(readIdentityKeys(process.env.IDENTITY_KEYS_FILE));
  const client = new Client({ connection: await Connection.connect({ address: server.address }), dataConverter: dataConverter(process.env.PAYLOAD_KEYS_FILE) });
  return {
    runId: `b${Date.now().toString(36)}`,
    dir,
    server,
    client,
    identity: { vault, verifier: storeVerifier(db, vault) },
    // The bare baseline is Temporal as it comes: no payload codec (its worker has none either).
    bareClient: new Client({ connection: client.connection }),
    db,
    databaseUrl,
    signer,
    store: pg ? pg.version : 'PostgreSQL given by --database-url',
    sink,
    async stop() {
      await client.connection.close();
      await sink.stop();
      await db.end();
      await pg?.stop();
      await server.stop();
      if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `count` accounts `<prefix>1` … `<prefix><count>`, each with its subject `subj-<account id>`, as a
 * platform's registry holds them: in one statement each (50,000 one by one would take minutes of the
 * run). Named `<name><i>`: by default a name the name check flags (name correction's finding).
 */
export async function seedAccounts(db: Db, prefix: string, count: number, name = '国务院观察'): Promise<string[]> {
  await db.query(
    `INSERT INTO subjects (id, kind, display_name)
     SELECT 'subj-' || $1 || g, 'individual', '主体 ' || $1 || g FROM generate_series(1, $2::int) g`,
    [prefix, count],
  );
  await db.query(
    `INSERT INTO accounts (id, subject_id, name, bio, contact_email)
     SELECT $1 || g, 'subj-' || $1 || g, $3 || g, '简介', $1 || g || '@users.example' FROM generate_series(1, $2::int) g`,
    [prefix, count, name],
  );
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
