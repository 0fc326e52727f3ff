import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseCheckpoint, PUBLIC_KEY_FILE, type SignedCheckpoint } from '../records/checkpoint';
import { run } from './deps';
import { beijing, CliError, table } from './format';

/** `records …`: an auditor's view of the hash-chained records, through /v1/records (docs/RECORDS.md). */

function readFile(file: string, flag: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${flag}: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function readCheckpoints(files: string[]): SignedCheckpoint[] {
  return files.map((f) => {
    try {
      return parseCheckpoint(readFile(f, '--checkpoint'), `--checkpoint ${f}`);
    } catch (err) {
      throw err instanceof CliError ? err : new CliError((err as Error).message);
    }
  });
}

export function registerRecords(program: Command): void {
  // `records <accountId>` lists an account's records; `records verify|checkpoints` are subcommands.
  const records = program
    .command('records')
    .argument('[accountId]', 'the account whose records to list')
    .description('the records (measures and decisions) of an account, in order (auditor); see also records verify, records checkpoints')
    .action((accountId: string | undefined) => {
      if (!accountId) throw new CliError('records: give an account id, or one of: verify, checkpoints');
      return run({
        flags: { accountId: '<accountId>' },
        work: async ({ api }) => (await api.records.list({ accountId })).records,
        human: (rows) =>
          rows.length
            ? table(
                ['TIME (北京时间)', 'ACTION', 'ACTOR', 'CASE', 'REASON'],
                rows.map((r) => [beijing(r.at, { seconds: true, label: false }), r.action, r.actor, r.caseRef ?? '-', r.reason.replace(/\s+/g, ' ')]),
              )
            : `no records for account ${accountId}`,
      });
    });

  records
    .command('verify')
    .description('hold the whole record chain against its signed checkpoints, with your copy of the public key (auditor); exit code 1 when it does not hold')
    .option('--public-key <file>', `the checkpoints' public key (PEM); default: CHECKPOINT_DIR/${PUBLIC_KEY_FILE}`)
    .option('--checkpoint <file...>', 'checkpoint JSON file(s) you kept, held against the chain too')
    .action((o: { publicKey?: string; checkpoint?: string[] }) =>
      run({
        flags: { publicKey: '--public-key', checkpoints: '--checkpoint' },
        work: async ({ api, config }) => {
          const keyFile = o.publicKey ?? join(config.checkpoints.dir, PUBLIC_KEY_FILE);
          const report = await api.records.verify({ publicKey: readFile(keyFile, '--public-key'), checkpoints: readCheckpoints(o.checkpoint ?? []) });
          if (!report.intact) process.exitCode = 1;
          return report;
        },
        human: (r) => {
          const lines = [
            `${r.intact ? 'INTACT' : 'NOT INTACT'}: ${r.head.count} records, head seq ${r.head.seq} (${r.head.hash.slice(0, 16)}…), key ${r.keyId}`,
            ...r.checkpoints.map((c) => `  checkpoint ${c.at} seq ${c.headSeq}: ${c.ok ? 'holds' : `FAILS: ${c.problem}`}`),
          ];
          if (!r.checkpoints.length) lines.push('  no checkpoint to hold it against: the links were checked, not that nothing was rewritten');
          if (r.otherKeys) lines.push(`  ${r.otherKeys} stored checkpoint(s) signed by another key were not checked`);
          lines.push(...r.problems.map((p) => `  problem: ${p}`));
          return lines.join('\n');
        },
      }),
    );

  records
    .command('checkpoints')
    .description('the latest signed checkpoints of the record chain, newest first (auditor, admin)')
    .option('--limit <n>', 'how many', '24')
    .action((o: { limit: string }) =>
      run({
        flags: { limit: '--limit', 'querystring.limit': '--limit' },
        work: async ({ api }) => (await api.records.checkpoints({ limit: Number(o.limit) })).checkpoints,
        human: (cps) =>
          cps.length
            ? table(
                ['SIGNED (北京时间)', 'HEAD SEQ', 'RECORDS', 'HEAD HASH', 'KEY'],
                cps.map((c) => [beijing(c.at, { seconds: true, label: false }), c.headSeq, c.count, `${c.headHash.slice(0, 16)}…`, c.keyId]),
              )
            : 'no checkpoint signed yet (the worker signs one every CHECKPOINT_EVERY)',
      }),
    );
}
