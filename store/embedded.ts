import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * PGlite (real PostgreSQL, in-process, no server to install) served on a loopback port, so that
 * the worker, the CLI and tests all reach it with the same `pg` driver and SQL as production PostgreSQL.
 * `dataDir` undefined keeps it in memory.
 */
export async function startEmbeddedDatabase(opts: { dataDir?: string; port?: number; host?: string }): Promise<EmbeddedDatabase> {
  const db = await PGlite.create(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const server = new PGLiteSocketServer({ db, host, port: opts.port ?? 0, maxConnections: 100 });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.split(':').pop());
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
