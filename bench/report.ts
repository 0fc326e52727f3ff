import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HistoryStats } from './history';
import { PROCESS_PATHS } from './paths';
import type { BareLatency, Latency, ProductLatency } from './latency';
import type { Machine } from './machine';
import type { MemoryRun } from './memory';
import type { StoreFootprint } from './store-footprint';
import type { StartupRun } from './startup';
import type { TaskTimes } from './worker-process';

export interface PathResult {
  /** The process's kind ("account-transfer"); results from before processes were recorded ran name correction. */
  process?: string;
  name: string;
  what: string;
  cases: number;
  product: { seconds: number; perSecond: number; history: HistoryStats; times?: TaskTimes };
  bare: { seconds: number; perSecond: number; history: HistoryStats; times?: TaskTimes };
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
  latency?: { product: ProductLatency; bare: BareLatency };
  /** Worker start to polling, each way (bench/startup.ts). */
  startup?: StartupRun[];
  memory?: { product: MemoryRun; bare?: MemoryRun };
  /** What the throughput cases (all paths, run to their end) left in the store. */
  store?: StoreFootprint;
}

/** The process a result belongs to. */
export const processOf = (p: PathResult) => p.process ?? 'name-correction';
/** "name-correction/restored". */
export const pathLabel = (p: PathResult) => `${processOf(p)}/${p.name}`;
/** The processes of a run's paths, in the order the run met them. */
const processesOf = (r: Results) => [...new Set(r.paths.map(processOf))];

export const overBudget = (p: PathResult) => p.budget === undefined || p.product.history.events.max > p.budget;

const f1 = (n: number) => n.toFixed(1);
/** Which server ran; results from before the field was recorded ran on the dev server. */
const serverOf = (m: Machine) => m.server ?? 'dev server (temporal-dev.yml, SQLite)';
const onCluster = (m: Machine) => serverOf(m).startsWith('cluster');
const duration = (minutes: number) => (minutes < 90 ? `${Math.max(1, Math.round(minutes))} minutes` : `${(minutes / 60).toFixed(1)} hours`);
const f2 = (n: number) => n.toFixed(2);
const ms = (n: number) => `${n.toFixed(1)} ms`;
const kb = (n: number | undefined) => (n === undefined ? '–' : `${(n / 1024).toFixed(1)} KiB`);
const mib = (n: number) => `${Math.round(n)} MiB`;
const events = (h: HistoryStats) => (h.events.min === h.events.max ? `${h.events.max}` : `${h.events.median} (${h.events.min}–${h.events.max})`);
const shape = (h: HistoryStats) =>
  `${h.shape.activities} act, ${h.shape.updates} upd, ${h.shape.timers} timer${h.shape.timers === 1 ? '' : 's'}${h.shape.timers ? ` × ${Math.round(h.shape.timerMs / 1000)} s` : ''}`;
const budgetCell = (p: PathResult) =>
  p.budget === undefined ? 'NO BUDGET' : overBudget(p) ? `${p.budget} OVER BUDGET` : `${p.budget} ok`;

/** The goals the product is held to, each as [figure, this run, goal, met]; those this run did not measure are left out. */
function goals(r: Results): string[][] {
  const rows: string[][] = [];
  const add = (figure: string, value: number, shown: string, goal: string, ok: boolean) => {
    // Too few workflows for RSS to tell (a --quick run) can give nonsense, such as a negative growth.
    if (Number.isFinite(value) && value > 0) rows.push([figure, shown, goal, ok ? 'yes' : 'no']);
  };
  const worst = [...r.paths].sort((a, b) => a.product.perSecond / a.bare.perSecond - b.product.perSecond / b.bare.perSecond)[0];
  if (worst) {
    const x = worst.product.perSecond / worst.bare.perSecond;
    add(`throughput, worst path (${pathLabel(worst)})`, x, f2(x), '≥ 0.90', x >= 0.9);
  }
  const m = r.memory;
  if (m?.bare) {
    const open = m.product.workflows / m.product.openSeconds / (m.bare.workflows / m.bare.openSeconds);
    add('opening cases (with the suspension record and the opening notice)', open, f2(open), '≥ 0.80', open >= 0.8);
    const cached = m.product.perCachedWorkflowKiB / m.bare.perCachedWorkflowKiB;
    add('a cached case in worker memory', cached, `${f2(cached)} (${f1(m.product.perCachedWorkflowKiB)} / ${f1(m.bare.perCachedWorkflowKiB)} KiB)`, '≤ 2', cached <= 2);
  }
  if (m) {
    const full = m.product.cachedWorkflows >= m.product.maxCachedWorkflows;
    add(
      `worker RSS, ${m.product.workflows} cases open${full ? ' (cache full: it stays so with more open)' : ''}`,
      m.product.rssMiB,
      mib(m.product.rssMiB),
      '≤ 1,536 MiB',
      m.product.rssMiB <= 1536,
    );
  }
  if (r.latency) {
    const { product: p, bare: b } = r.latency;
    const both = (x: Latency, base: Latency, limit: number, name: string) =>
      add(name, Math.max(x.p50 / base.p50, x.p99 / base.p99), `${f2(x.p50 / base.p50)} / ${f2(x.p99 / base.p99)}`, `≤ ${f2(limit)} both`, x.p50 / base.p50 <= limit && x.p99 / base.p99 <= limit);
    both(p.extendDeadline, b.update, 1.5, 'action that records a decision (extendDeadline, settled), p50 / p99');
    both(p.submitCorrection, b.updateWithActivity, 1.3, 'action that runs an activity (submitCorrection, settled), p50 / p99');
  }
  return rows;
}

/** The figures as tables: [title, header, rows][]. Shared by stdout and the Markdown document. */
function tables(r: Results): [string, string[], string[][]][] {
  // One throughput table per process, each path against the bare workflow of its own shape.
  const out: [string, string[], string[][]][] = processesOf(r).map((kind) => [
    `Throughput of complete cases, and history events per case: ${kind}`,
    ['path', 'shape (per case)', 'cases', 'product cases/s', 'bare cases/s', 'product ÷ bare', 'events: product', 'events: bare', 'history bytes: product / bare', 'budget'],
    r.paths
      .filter((p) => processOf(p) === kind)
      .map((p) => [
        `${p.name} (${p.what})`,
        shape(p.product.history),
        String(p.cases),
        f1(p.product.perSecond),
        f1(p.bare.perSecond),
        f2(p.product.perSecond / p.bare.perSecond),
        events(p.product.history),
        events(p.bare.history),
        `${kb(p.product.history.bytes)} / ${kb(p.bare.history.bytes)}`,
        budgetCell(p),
      ]),
  ]);
  out.push(['Against the goals (product against bare Temporal, this run)', ['figure', 'this run', 'goal', 'met'], goals(r)]);
  const timed = r.paths.filter((p) => p.product.times && p.bare.times);
  if (timed.length) {
    const t = (x: TaskTimes) =>
      [x.workflowTaskQueuedMs, x.workflowTaskRunMs, x.workflowTaskCompletionMs, x.activityRunMs, x.activityCompletionMs].map((v) => (Number.isFinite(v) ? v.toFixed(0) : '–'));
    out.push([
      'Where the time went during each path: means per task, in ms, from the workers\' metrics (product / bare)',
      ['path', 'workflow task queued', 'workflow task run by the worker', 'server answering its completion', 'activity run', 'server answering its completion'],
      timed.map((p) => {
        const [a, b] = [t(p.product.times!), t(p.bare.times!)];
        return [pathLabel(p), ...a.map((v, i) => `${v} / ${b[i]}`)];
      }),
    ]);
  }
  if (r.latency) {
    const { product: p, bare: b } = r.latency;
    const row = (name: string, x: Latency, base: Latency) => [
      name,
      String(x.samples),
      ms(x.p50),
      ms(x.p99),
      ms(x.max),
      `${f2(x.p50 / base.p50)} / ${f2(x.p99 / base.p99)}`,
      x.workflowTaskMs === undefined ? '–' : `${ms(x.workflowTaskMs)} / ${ms(x.activityMs ?? NaN)}`,
    ];
    out.push([
      'Action round trip (update sent → result), one at a time; "settled": each after the previous one\'s follow-up work is done',
      ['action', 'samples', 'p50', 'p99', 'max', '÷ its bare counterpart, p50 / p99', 'worker: mean workflow task / activity'],
      [
        row('extendDeadline, settled (records a decision; a record and a notice follow)', p.extendDeadline, b.update),
        row('extendDeadline, back to back', p.extendDeadlineBackToBack, b.updateBackToBack),
        row('submitCorrection, settled (its handler runs the name check activity)', p.submitCorrection, b.updateWithActivity),
        ...(p.extendDeadlineViaApi ? [row('extendDeadline through the HTTP API, settled (token, role, seal, update)', p.extendDeadlineViaApi, b.update)] : []),
        row('bare no-op update, settled (a no-op activity follows)', b.update, b.update),
        row('bare no-op update, back to back', b.updateBackToBack, b.updateBackToBack),
        row('bare update running a no-op activity, settled', b.updateWithActivity, b.updateWithActivity),
      ],
    ]);
  }
  if (r.store) {
    const st = r.store;
    out.push([
      `Store footprint of a closed case (average over the ${st.cases} cases of every path)`,
      ['table', 'rows per case'],
      [...Object.entries(st.rowsPerCase).map(([t, n]) => [t, f2(n)]), ['bytes on disk per case, tables and indexes', `${Math.round(st.bytesPerCase)} B`]],
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
  if (r.startup?.length) {
    const secs = (n: number) => `${n.toFixed(1)} s`;
    out.push([
      `Worker start: process start → polling its task queue (median of ${r.startup[0]!.seconds.length} starts each)`,
      ['worker', 'how', 'median', 'each start'],
      r.startup.map((s) => [s.name, s.how, secs(s.median), s.seconds.map((x) => x.toFixed(1)).join(', ')]),
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

/** What the worker start measurement is, and how to read it (docs/BENCHMARKS.md, when the run has it). */
const STARTUP_WHAT = `- **worker start**: from a worker process's start to polling its task queue (connected to the store,
  migrations applied, connected to Temporal, workflows loaded), first thing in the run: compiled with the
  workflow bundle \`npm run build\` writes (\`npm run worker\`, as production runs it), from the sources
  through tsx with that bundle, and from the sources bundling the workflows at start (\`npm start\`'s
  worker); the ways in turn, each worker stopped before the next starts.
`;
const STARTUP_READING = `- Worker start is what a deploy, a scale-out or a restart after a crash waits before the worker takes
  tasks. Bundling at start runs webpack over the workflows and the packages they import, in the worker
  process (CPU-bound: slower on a busy machine); a prebuilt bundle is read from a file. tsx compiles each
  TypeScript module as it is loaded.
`;

/** Every process's paths as the benchmark knows them now, and how a new process adds its own. */
const PATHS_SECTION = () => `
**The paths, by process.** Each process's paths are in \`bench/paths/<process>.ts\`, listed in
\`bench/paths/index.ts\`; each opens its cases through the process's own services and acts on them as
the platform, the parties and the operators would (a party's action through the platform service, four
eyes by two people), and every case must end with the path's outcome. A run counts each case by its
process's workflow id and compares the path with a bare workflow of its own shape.

${PROCESS_PATHS.map((p) => `- \`${p.process.process.kind}\`: ${p.paths.map((x) => `${x.name} (${x.what}${x.policy === 'short' ? '; short policy' : ''})`).join('; ')}.`).join('\n')}

A new process adds one file, \`bench/paths/<process>.ts\`, exporting its \`ProcessPaths\`: its
\`ProcessApi\` (\`services/<process>.ts\`), its paths (\`CasePath\`: name, what it does, \`default\` or
\`short\` policy, the outcome, \`open\` and \`act\` through its services, and \`seed\` when its
cases need more than a registered account), and its policy section shortened to minutes if a path waits
for a deadline; it adds that export to \`PROCESS_PATHS\` in \`bench/paths/index.ts\`, and a section
named after its kind in camel case (\`accountTransfer\`) to \`bench/history-budget.json\`, with each
path's budget: the most events measured running the path alone
(\`npm run bench -- --quick --paths <process>/<path> --skip-latency --skip-memory --skip-startup\`),
plus 15 %. A path without a budget fails the run (NO BUDGET).
`;

/** docs/BENCHMARKS.md, regenerated from a full run's results. */
/**
 * docs/BENCHMARKS.md, regenerated from a full run's results; `other`: a second run on the other kind of
 * server (a --cluster run beside a dev-server run), shown after it (\`npm run bench:render\`).
 */
export function renderMarkdown(r: Results, resultsFile: string, other?: { results: Results; file: string }): string {
  const m = r.machine;
  const md = (header: string[], rows: string[][]) =>
    [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
  const sections = tables(r).map(([title, header, rows]) => `### ${title}\n\n${md(header, rows)}`);
  const o = other?.results;
  const otherSection = o
    ? `
## The same on ${onCluster(o.machine) ? 'a Temporal cluster' : 'the dev server'}

${serverOf(o.machine)}. ${o.date.slice(0, 10)} (${o.date}), ${duration(o.minutes)}, \`${o.command}\`, commit ${o.machine.commit}, from ${other!.file}; load average
${f2(o.machine.loadAtStart)} at start, ${f2(o.loadAtEnd)} at the end.${o.note ? ` ${o.note}` : ''}

${tables(o)
  .map(([title, header, rows]) => `### ${title}\n\n${md(header, rows)}`)
  .join('\n\n')}
`
    : '';
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/report.ts) from ${resultsFile}${other ? ` and ${other.file}` : ''}. Edit the generator, not this file. -->

What the product costs on top of Temporal itself. \`npm run bench\` runs, in one go, on a fresh local dev
server (\`temporal-dev.yml\`), or with \`--cluster\` on a Temporal cluster backed by PostgreSQL
(\`scripts/cluster.ts\`: frontend, history, matching and worker services as separate processes, SQL
visibility), and a throw-away PostgreSQL store:

- **throughput**: for each path of each process (${processesOf(r).join(', ')} in this run), ${r.paths[0]?.cases ?? 'N'} cases at once
  through the real services (the benchmark answers as platform, parties and operators), from the first
  open to the last case closed;
  then as many **bare** workflows of the same shape (the same count of activities, updates and fired
  timers as the case's history shows, each doing nothing: \`bench/workflows/bare.ts\`) on the same server.
  "product ÷ bare" is the share of Temporal's own throughput that the product keeps: the rest is its
  overhead (store transactions, records, e-mail, checks, search attributes, larger payloads).
  Paths decided by people run under the default policy; paths that wait for a deadline or a period
  under a short policy of minutes (a 3-minute window with reminders 2 and 1 minutes before it, a
  1-minute notice period, a 2-minute freeze), so their throughput is bound by that wait for both.
  One table per process.
- **action round trip**: operator actions on open, waiting name-correction cases, one at a time, against a no-op update
  on a bare workflow.
- **history events** per case and path, against the budget in \`bench/history-budget.json\` (measured,
  plus headroom); the run fails if a path goes over.
- **worker memory**: name-correction cases opened and left waiting on their timers (7-day window), the worker
  (\`workers/main.ts\`, unchanged) in a process of its own; RSS from \`/proc/<pid>/status\`.
${r.startup ? STARTUP_WHAT : ''}
${PATHS_SECTION()}
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
${otherSection}
## Reading the figures

- One machine runs everything: ${
    onCluster(m)
      ? "the Temporal cluster's four service processes and its PostgreSQL, the store's PostgreSQL"
      : 'the Temporal dev server (SQLite), PostgreSQL'
  }, the SMTP sink, the
  benchmark (as platform and operators) and the worker process. On ${m.cores} cores they compete; the
  figures compare the product with bare Temporal under the same conditions${onCluster(m) ? '' : ', not with a production cluster'}.
- Memory: the worker keeps at most \`maxCachedWorkflows\` workflows in its cache (the product sets it:
  \`WORKER_MAX_CACHED_WORKFLOWS\`, default 1,000; the bare worker keeps the SDK's default, from the V8
  heap limit); the other open cases are evicted and cost the worker nothing until their next task (a
  timer, an action) replays them from their history. Once the cache is full, RSS no longer grows with
  the cases open: RSS per cached workflow is the figure that scales, and the cache size times it, plus
  the idle RSS, bounds the worker. The main-thread heap leaves out the workflow sandbox, which runs in a
  thread of its own (RSS includes it).
- Where a cached case's memory went, and what changed (2026-11-30, measured by evaluating the bundle's
  modules 200 times in a V8 context as the SDK does for each workflow it caches): the SDK shares one V8
  context between workflows (\`reuseV8Context\`, its default) but gives each workflow a module cache of
  its own, so every module a workflow imports is evaluated again for each cached workflow. That cost
  813 KiB per case (43 modules: zod, the schemas, the case layer, the process), against 22 KiB for the
  bare workflow. zod is now preloaded (\`workflows/preloaded.ts\`, the bundler's \`preloadModules\`):
  evaluated once per worker, frozen, shared. Per case that leaves 151 KiB, of which the schemas take
  about 105 KiB: they cannot be shared, because zod builds a schema's parser on its first use and a
  frozen schema cannot. The rest of a cached case is the SDK's own per-workflow state, the same for
  the bare workflow, plus the case's state.
- Action round trips are measured two ways. *Settled*: each action starts when the previous one's
  follow-up work (its record, its notice, the workflow tasks between them) is done, which is what one
  operator sees on a quiet system. *Back to back*: the next action is sent as soon as the previous one
  answers, so it competes for the same cores with that follow-up work; an extension's follow-up is two
  activities (a record in PostgreSQL, a notice over SMTP) and three workflow tasks, a bare update's one
  no-op activity, so back to back measures mostly the cost of that work on 2 shared cores. The worker
  columns show where the worker's time went in each phase.
- Throughput overhead: what a case does that a bare workflow does not is all outside Temporal: each
  measure a PostgreSQL transaction (the measure, its record, the outbox row), each decision a record,
  each notice a claim, an SMTP delivery and a record; the case's first task also reads the roster and
  policy terms (a local activity), and its search attributes are upserted when its stage or deadline
  changes. The store footprint table gives the rows per case; history sizes show the payloads. The
  table of where the time went separates the worker's own work (tasks run, activities run) from the
  server's (a completed task is answered once the server has persisted what it did, and the worker's
  slot is held until then; tasks queue while every slot waits). On the dev server, one SQLite file
  takes every write, history and visibility alike, so the product's extra writes (search attributes,
  activity summaries, histories twice the bare ones' bytes) slow the answers to every completion. On
  the cluster, the largest extra is the product's own activities (a PostgreSQL transaction, an SMTP
  delivery), which share the 2 cores and the disk with Temporal's own PostgreSQL.
- Every open case also sends its opening notice and writes its records: that work is in the time to open.
${r.startup ? STARTUP_READING : ''}
## Reproduce

\`\`\`sh
npm run bench                     # the full run (${duration(r.minutes)} here); writes bench/results/<date>.json and this file
npm run bench -- --quick          # small counts, a few minutes; prints only
npm run bench -- --cases 500 --latency 300 --open-cases 100000 --paths name-correction/restored,refused --skip-bare-memory
npm run bench -- --quick --paths account-transfer/completed --skip-latency --skip-memory --skip-startup   # one path alone
npm run bench -- --cluster        # the same on a Temporal cluster on PostgreSQL (the first time, builds the server with Go)
\`\`\`

\`--paths\` takes \`<process>/<path>\`, a process's kind (all its paths), or a path name only one
process has (\`--help\` lists them). \`npm run bench -- --help\` lists the flags. It needs the Temporal CLI (\`prebench\` installs it) and
Debian's \`postgresql\` server (\`bash scripts/install-postgres.sh\`), or \`--database-url\` to a PostgreSQL
of your own. Its own cluster is throw-away and durable (fsync on), as production runs PostgreSQL.
`;
}
