import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../config/env';
import { verifyRecords } from '../services/records';
import { connect, POOL_SIZES } from '../store/db';
import { PUBLIC_KEY_FILE, parseCheckpoint, type SignedCheckpoint } from './checkpoint';
import { verifyChain, type ChainReport } from './chain';
import { exportRecordsFile, readRecordsFile } from './export';
import { readCheckpointPublicKey } from './keys';

/**
 * `npm run verify-records` and `npm run export-records`. Verifying exits 0 when the chain and every
 * checkpoint hold, 1 when anything does not, 2 when it could not be asked (a wrong argument or file).
 */
class UsageError extends Error {}

function readCheckpoints(files: string[]): SignedCheckpoint[] {
  return files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (err) {
      throw new UsageError(`--checkpoint: cannot read ${f}: ${(err as Error).message}`);
    }
    return parseCheckpoint(text, `--checkpoint ${f}`);
  });
}

function describe(r: ChainReport & { keyId?: string; otherKeys?: number }, where: string): string {
  const lines = [
    `${r.intact ? 'INTACT' : 'NOT INTACT'}: ${r.head.count} records in ${where}, head seq ${r.head.seq} (${r.head.hash.slice(0, 16)}…)`,
    ...r.checkpoints.map((c) => `  checkpoint ${c.at} seq ${c.headSeq}: ${c.ok ? 'holds' : `FAILS: ${c.problem}`}`),
  ];
  if (!r.checkpoints.length) lines.push('  no checkpoint to hold it against: the links were checked, not that nothing was rewritten');
  if (r.otherKeys) lines.push(`  ${r.otherKeys} stored checkpoint(s) signed by another key were not checked`);
  lines.push(...r.problems.map((p) => `  problem: ${p}`));
  return lines.join('\n');
}

const program = new Command('records').description('Verify and export the hash-chained records (Art. 19).');

program
  .command('verify')
  .description(
    'verify the record chain. Without --records: the chain in the database (DATABASE_URL) against its stored checkpoints ' +
      'and any given. With --records: an exported file, offline, against the given checkpoint files and public key.',
  )
  .option('--checkpoint <file...>', 'checkpoint JSON file(s) to hold the chain against')
  .option('--public-key <file>', `the checkpoint public key (PEM); default: CHECKPOINT_DIR/${PUBLIC_KEY_FILE}`)
  .option('--records <file>', 'an export (npm run export-records): verify it without a database')
  .option('--json', 'print the report as JSON')
  .action(async (o: { checkpoint?: string[]; publicKey?: string; records?: string; json?: boolean }) => {
    const json = o.json;
    const given = readCheckpoints(o.checkpoint ?? []);
    let report: ChainReport;
    let where: string;
    if (o.records) {
      if (!o.publicKey) throw new UsageError('--records: also give --public-key (and --checkpoint): offline there is nothing else to trust');
      if (!given.length) throw new UsageError('--records: also give --checkpoint <file>: without one only the links can be checked');
      if (!existsSync(o.records)) throw new UsageError(`--records: no file ${o.records}`);
      report = await verifyChain(readRecordsFile(o.records), given, readCheckpointPublicKey(o.publicKey));
      where = o.records;
    } else {
      const config = loadConfig();
      const keyFile = o.publicKey ?? join(config.checkpoints.dir, PUBLIC_KEY_FILE);
      const key = readCheckpointPublicKey(keyFile);
      const db = connect(config.databaseUrl, POOL_SIZES.cli);
      try {
        report = await verifyRecords({ db }, { publicKeyPem: key.publicKeyPem, checkpoints: given });
      } finally {
        await db.end();
      }
      where = 'the database';
    }
    console.log(json ? JSON.stringify(report, null, 2) : describe(report, where));
    process.exitCode = report.intact ? 0 : 1;
  });

program
  .command('export')
  .description('write every record to a JSON-lines file (DATABASE_URL), for offline verification')
  .requiredOption('--out <file>', 'the file to write')
  .option('--json', 'print the result as JSON')
  .action(async (o: { out: string; json?: boolean }) => {
    const config = loadConfig();
    const db = connect(config.databaseUrl, POOL_SIZES.cli);
    try {
      const n = await exportRecordsFile(db, o.out);
      console.log(o.json ? JSON.stringify({ file: o.out, records: n }) : `${n} records written to ${o.out}`);
    } finally {
      await db.end();
    }
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 2;
});
