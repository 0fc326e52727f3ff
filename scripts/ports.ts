import { createServer } from 'node:net';

export function freePort(port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A free loopback port in [min, max]: for servers that cannot take the kernel's ephemeral ports (the
 * Temporal server stores its membership port in a SMALLINT column, so it must be below 32768).
 */
export async function freePortBetween(min: number, max: number): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min + 1));
    try {
      return await freePort(port);
    } catch {
      // taken: another
    }
  }
  throw new Error(`no free port between ${min} and ${max}`);
}
