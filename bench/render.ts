import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../scripts/tools';
import { renderMarkdown, type Results } from './report';

/**
 * `npm run bench:render -- bench/results/<date>.json`: docs/BENCHMARKS.md again from a run's results,
 * after a change to its text in bench/report.ts (a run writes it too).
 */
const file = process.argv[2];
if (!file) {
  console.error('usage: npm run bench:render -- bench/results/<date>.json');
  process.exit(1);
}
const results = JSON.parse(readFileSync(resolve(file), 'utf8')) as Results;
const doc = join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md');
writeFileSync(doc, renderMarkdown(results, relative(PROJECT_ROOT, resolve(file))));
console.log(`written: ${doc}`);
