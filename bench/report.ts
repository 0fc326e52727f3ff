import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryStats } from './history';
import type { Latency } from './latency';
import type { Machine } from './machine';
import type { MemoryRun } from './memory';

export interface PathResult {
  name: string;
  what: string;
  cases: number;
  product: { seconds: number; perSecond: number; history: HistoryStats };
  bare: { seconds: number; perSecond: number; history: HistoryStats };
  /** Events one case of this path may take (bench/history-budget.json). */
  budget: number | undefined;
}

export interface Results {
  date: string;
  quick: boolean;
  note?: string;
  command: string;
  machine: Machine;
  /** 1-minute load average when the run ended. */
  loadAtEnd: number;
  minutes: number;
  paths: PathResult[];
  latency?: { extendDeadline: Latency; submitCorrection: Latency; bareUpdate: Latency };
  memory?: { product: MemoryRun; bare?: MemoryRun };
}

export const overBudget = (p: PathResult) => p.budget === undefined || p.product.history.events.max > p.budget;

const f1 = (n: number) => n.toFixed(1);
/** Which server ran; results from before the field was recorded ran on the dev server. */
const serverOf = (m: Machine) => m.server ?? 'dev server (temporal-dev.yml, SQLite)';
const onCluster = (m: Machine) => serverOf(m).startsWith('cluster');
const duration = (minutes: number) => (minutes < 90 ? `${Math.max(1, Math.round(minutes))} minutes` : `${(minutes / 60).toFixed(1)} hours`);
const f2 = (n: number) => n.toFixed(2);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mib = (n: number) => `${Math.round(n)} MiB`;
const events = (h: HistoryStats) => (h.events.min === h.events.max ? `${h.events.max}` : `${h.events.median} (${h.events.min}–${h.events.max})`);
const shape = (h: HistoryStats) =>
  `${h.shape.activities} act, ${h.shape.updates} upd, ${h.shape.timers} timer${h.shape.timers === 1 ? '' : 's'}${h.shape.timers ? ` × ${Math.round(h.shape.timerMs / 1000)} s` : ''}`;
const budgetCell = (p: PathResult) =>
  p.budget === undefined ? 'NO BUDGET' : overBudget(p) ? `${p.budget} OVER BUDGET` : `${p.budget} ok`;

/** The figures as tables: [title, header, rows][]. Shared by stdout and the Markdown document. */
function tables(r: Results): [string, string[], string[][]][] {
  const out: [string, string[], string[][]][] = [
    [
      'Throughput of complete cases, and history events per case',
      ['path', 'shape (per case)', 'cases', 'product cases/s', 'bare cases/s', 'product ÷ bare', 'events: product', 'events: bare', 'budget'],
      r.paths.map((p) => [
        `${p.name} (${p.what})`,
        shape(p.product.history),
        String(p.cases),
        f1(p.product.perSecond),
        f1(p.bare.perSecond),
        f2(p.product.perSecond / p.bare.perSecond),
        events(p.product.history),
        events(p.bare.history),
        budgetCell(p),
      ]),
    ],
  ];
  if (r.latency) {
    const l = r.latency;
    const row = (name: string, x: Latency) => [name, String(x.samples), ms(x.p50), ms(x.p99), ms(x.max)];
    out.push([
      'Action round trip (update sent → result), one at a time',
      ['action', 'samples', 'p50', 'p99', 'max'],
      [
        row('extendDeadline (operator; validator + handler)', l.extendDeadline),
        row('submitCorrection (account holder; handler runs the name check activity)', l.submitCorrection),
        row('bare no-op update on a bare workflow', l.bareUpdate),
      ],
    ]);
  }
  if (r.memory) {
    const row = (name: string, m: MemoryRun) => [
      name,
      String(m.workflows),
      `${f1(m.openSeconds / 60)} min (${f1(m.workflows / m.openSeconds)}/s)`,
      mib(m.idleRssMiB),
      mib(m.rssMiB),
      mib(m.peakRssMiB),
      `${f1(m.perWorkflowKiB)} KiB`,
      `${f1(m.perCachedWorkflowKiB)} KiB`,
      mib(m.mainThreadHeapUsedMiB),
      `${m.cachedWorkflows} of max ${m.maxCachedWorkflows}`,
    ];
    out.push([
      'Worker memory with workflows open, waiting on timers (worker in its own process)',
      ['worker', 'open', 'time to open all', 'RSS idle', 'RSS open', 'RSS peak', 'RSS per open workflow', 'RSS per cached workflow', 'main-thread heap', 'workflow cache held'],
      [row('workers/main.ts, name-correction cases', r.memory.product), ...(r.memory.bare ? [row('bench/bare-worker.ts, bare workflows', r.memory.bare)] : [])],
    ]);
  }
  return out;
}

export function printResults(r: Results): void {
  for (const [title, header, rows] of tables(r)) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
    for (const row of rows) console.log(line(row));
  }
  console.log(`\nTemporal: ${serverOf(r.machine)}`);
  console.log(`${duration(r.minutes)}; load average ${f2(r.machine.loadAtStart)} at start, ${f2(r.loadAtEnd)} at the end (${r.machine.cores} cores)`);
}

export function writeJson(file: string, r: Results): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
}

/** docs/BENCHMARKS.md, regenerated from a full run's results. */
export function renderMarkdown(r: Results, resultsFile: string): string {
  const m = r.machine;
  const md = (header: string[], rows: string[][]) =>
    [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const sections = tables(r).map(([title, header, rows]) => `### ${title}\n\n${md(header, rows)}`);
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/report.ts) from ${resultsFile}. Edit the generator, not this file. -->

What the product costs on top of Temporal itself. \`npm run bench\` runs, in one go, on a fresh local dev
server (\`temporal-dev.yml\`), or with \`--cluster\` on a Temporal cluster backed by PostgreSQL
(\`scripts/cluster.ts\`: frontend, history, matching and worker services as separate processes, SQL
visibility), and a throw-away PostgreSQL store:

- **throughput**: for each path of a name-correction case, ${r.paths[0]?.cases ?? 'N'} cases at once through the real services
  (the benchmark answers as account holder and operators), from the first open to the last case closed;
  then as many **bare** workflows of the same shape (the same count of activities, updates and fired
  timers as the case's history shows, each doing nothing: \`bench/workflows/bare.ts\`) on the same server.
  "product ÷ bare" is the share of Temporal's own throughput that the product keeps: the rest is its
  overhead (store transactions, records, e-mail, checks, search attributes, larger payloads).
  Paths decided by operators run under the default policy; the deadline path under a 3-minute window
  with reminders 2 and 1 minutes before it, so its throughput is bound by that window for both.
- **action round trip**: operator actions on open, waiting cases, one at a time, against a no-op update
  on a bare workflow.
- **history events** per case and path, against the budget in \`bench/history-budget.json\` (measured,
  plus headroom); the run fails if a path goes over.
- **worker memory**: cases opened and left waiting on their timers (7-day window), the worker
  (\`workers/main.ts\`, unchanged) in a process of its own; RSS from \`/proc/<pid>/status\`.

**Dev server or cluster.** The dev server is one process with everything in a SQLite file: what
\`npm start\` runs. With \`--cluster\` the run goes instead to Temporal as it is deployed for production,
built from source by \`bash scripts/install-temporal-server.sh\` (Temporal Server v1.32.0) and started by
\`scripts/cluster.ts\`: the frontend, history, matching and worker services each in a process of its own,
4 history shards, PostgreSQL for persistence and SQL visibility (a PostgreSQL server of its own, apart
from the store's), loopback ports only. The machine table says which one ran; the product and the bare
workflows always share it, so "product ÷ bare" compares like with like on either.

## Latest run

${r.date.slice(0, 10)} (${r.date}), ${duration(r.minutes)}, \`${r.command}\`, commit ${m.commit}.

| machine | |
| --- | --- |
| CPU | ${m.cpu}, ${m.cores} cores |
| RAM | ${m.ramGiB} GiB |
| OS | ${m.os} |
| Node.js | ${m.node} |
| Temporal server | ${serverOf(m)} |
| Temporal CLI, SDK | ${m.temporalCli}; TypeScript SDK ${m.temporalSdk} |
| store | ${m.store} |
| load average (1 min) | ${f2(m.loadAtStart)} at start, ${f2(r.loadAtEnd)} at the end |
${r.note ? `\n**Note.** ${r.note}\n` : ''}
${sections.join('\n\n')}

## Reading the figures

- One machine runs everything: ${
    onCluster(m)
      ? "the Temporal cluster's four service processes and its PostgreSQL, the store's PostgreSQL"
      : 'the Temporal dev server (SQLite), PostgreSQL'
  }, the SMTP sink, the
  benchmark (as platform and operators) and the worker process. On ${m.cores} cores they compete; the
  figures compare the product with bare Temporal under the same conditions${onCluster(m) ? '' : ', not with a production cluster'}.
- Memory: the worker keeps at most \`maxCachedWorkflows\` workflows in its cache (not set by
  \`workers/create-worker.ts\`, so the SDK's default, from the V8 heap limit); the other open cases are
  evicted and cost the worker nothing until their next task (a timer, an action) replays them. RSS per open
  workflow therefore falls as more are open; RSS per cached workflow is the figure that scales. The
  main-thread heap leaves out the workflow sandbox, which runs in a thread of its own (RSS includes it).
- A cached case takes several times what a cached bare workflow takes. A separate measurement (not part
  of this run: 1,000 minimal workflows waiting on a timer) points at the modules of the workflow bundle,
  which the SDK evaluates for each workflow: about 130 KiB each with nothing imported, 450 KiB importing
  \`schemas/name-correction.ts\` (zod, for the update validators), 700 KiB importing
  \`workflows/name-correction/workflow.ts\` without running it.
- Every open case also sends its opening notice and writes its records: that work is in the time to open.

## Reproduce

\`\`\`sh
npm run bench                     # the full run (${duration(r.minutes)} here); writes bench/results/<date>.json and this file
npm run bench -- --quick          # small counts, a few minutes; prints only
npm run bench -- --cases 500 --latency 300 --open-cases 100000 --paths restored,refused --skip-bare-memory
npm run bench -- --cluster        # the same on a Temporal cluster on PostgreSQL (the first time, builds the server with Go)
\`\`\`

\`npm run bench -- --help\` lists the flags. It needs the Temporal CLI (\`prebench\` installs it) and
Debian's \`postgresql\` server (\`bash scripts/install-postgres.sh\`), or \`--database-url\` to a PostgreSQL
of your own. It does not use PGlite: PGlite's socket server mixes up the queries of concurrent connections
(electric-sql/pglite#1046), which the benchmark's load makes visible at once.
`;
}
