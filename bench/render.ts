import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../scripts/tools';
import { renderMarkdown, type Results } from './report';

/**
 * `npm run bench:render -- <results.json> [<other results.json>]`: docs/BENCHMARKS.md again from a
 * run's results (a run writes it too), after a change to its text in bench/report.ts; with a second file
 * (a run on the other kind of server: dev server and --cluster), that run's figures follow the first's.
 */
const [first, second] = process.argv.slice(2);
if (!first) {
  console.error('usage: npm run bench:render -- bench/results/<date>.json [bench/results/<other date>.json]');
  process.exit(1);
}
const read = (f: string) => JSON.parse(readFileSync(resolve(f), 'utf8')) as Results;
const name = (f: string) => relative(PROJECT_ROOT, resolve(f));
const doc = join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md');
writeFileSync(doc, renderMarkdown(read(first), name(first), second ? { results: read(second), file: name(second) } : undefined));
console.log(`written: ${doc}`);
