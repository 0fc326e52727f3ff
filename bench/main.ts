import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../scripts/tools';
import { BUDGET_FILE, historyStats, readBudget } from './history';
import { bareUpdateLatency, productActionLatency } from './latency';
import { describeMachine } from './machine';
import { bareMemory, productMemory } from './memory';
import { PATHS, SHORT_POLICY, SHORT_POLICY_FILE } from './paths';
import { overBudget, printResults, renderMarkdown, writeJson, type PathResult, type Results } from './report';
import { startBenchStack } from './stack';
import { storeFootprint } from './store-footprint';
import { workerStartup } from './startup';
import { runBare, runCases } from './throughput';
import { progress } from './util';
import { spawnWorker, taskTimes } from './worker-process';

const USAGE = `npm run bench -- [flags]

Throughput, action round trip, history events and worker memory of the product against a bare
workflow of the same shape, on a fresh local Temporal dev server (or, with --cluster, a Temporal
cluster on PostgreSQL: scripts/cluster.ts). See docs/BENCHMARKS.md.

  --cases N            cases per path for throughput and history events   (default 200; --quick 10)
  --latency N          cases for the action round trip                    (default 300; --quick 20)
  --open-cases N       cases open at once for worker memory               (default 50000; --quick 300)
  --starts N           worker starts timed, each way                      (default 3)
  --paths a,b          only these paths (${PATHS.map((p) => p.name).join(', ')})
  --skip-memory        no memory measurement
  --skip-startup       no worker start measurement
  --skip-bare-memory   no bare-workflow memory measurement
  --database-url URL   the store on this PostgreSQL instead of a throw-away cluster
  --cluster            against a Temporal cluster on PostgreSQL, one process per service, instead of
                       the dev server (built the first time by scripts/install-temporal-server.sh: Go)
  --note TEXT          a note for docs/BENCHMARKS.md (e.g. what else ran on the machine)
  --quick              small counts; results to a temporary file, docs/BENCHMARKS.md untouched
  --no-docs            leave docs/BENCHMARKS.md untouched
`;

function options() {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string' },
      latency: { type: 'string' },
      'open-cases': { type: 'string' },
      starts: { type: 'string' },
      paths: { type: 'string' },
      'skip-memory': { type: 'boolean', default: false },
      'skip-startup': { type: 'boolean', default: false },
      'skip-bare-memory': { type: 'boolean', default: false },
      'database-url': { type: 'string' },
      cluster: { type: 'boolean', default: false },
      note: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'no-docs': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = (name: string, v: string | undefined, full: number, quick: number) => {
    const n = v === undefined ? (values.quick ? quick : full) : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: must be a whole number above 0`);
    return n;
  };
  const names = values.paths?.split(',').map((s) => s.trim());
  const unknown = names?.filter((n) => !PATHS.some((p) => p.name === n));
  if (unknown?.length) throw new Error(`--paths: unknown ${unknown.join(', ')}; paths are ${PATHS.map((p) => p.name).join(', ')}`);
  return {
    cases: count('cases', values.cases, 200, 10),
    latency: count('latency', values.latency, 300, 20),
    openCases: count('open-cases', values['open-cases'], 50_000, 300),
    starts: values['skip-startup'] ? 0 : count('starts', values.starts, 3, 3),
    paths: names ? PATHS.filter((p) => names.includes(p.name)) : PATHS,
    memory: !values['skip-memory'],
    bareMemory: !values['skip-memory'] && !values['skip-bare-memory'],
    databaseUrl: values['database-url'],
    cluster: values.cluster,
    note: values.note,
    quick: values.quick,
    docs: !values.quick && !values['no-docs'],
  };
}

/** How this run was started, for the record (without the note, which is shown as itself). */
function commandLine(): string {
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--note' && all[i - 1] !== '--note' && !a.startsWith('--note='));
  return ['npm run bench', ...(args.length ? ['--', ...args] : [])].join(' ');
}

async function main(): Promise<number> {
  const o = options();
  const started = Date.now();
  const date = new Date().toISOString();
  const budget = readBudget();
  progress(`starting ${o.cluster ? 'a Temporal cluster on PostgreSQL' : 'the dev server'}, PostgreSQL, the SMTP sink`);
  const stack = await startBenchStack({ databaseUrl: o.databaseUrl, cluster: o.cluster });
  progress(`Temporal: ${stack.server.description}`);
  const machine = describeMachine(stack.store, stack.server.description);
  const results: Results = {
    date,
    quick: o.quick,
    ...(o.note ? { note: o.note } : {}),
    command: commandLine(),
    machine,
    loadAtEnd: NaN,
    minutes: NaN,
    paths: [],
  };
  try {
    // First, on a quiet machine: worker start, from process start to polling.
    if (o.starts) {
      progress(`worker start: ${o.starts} starts each, compiled and from the sources`);
      results.startup = await workerStartup(stack, o.starts, progress);
    }
    const product = await spawnWorker('product', {
      address: stack.server.address,
      taskQueue: 'bench-product',
      databaseUrl: stack.databaseUrl,
      smtpUrl: stack.sink.url,
      logFile: join(stack.dir, 'worker-product.log'),
    });
    // The deadline path's cases run under a policy of minutes, which is the worker's to apply.
    const shortPolicyFile = join(stack.dir, 'short-policy.json');
    writeFileSync(shortPolicyFile, JSON.stringify(SHORT_POLICY_FILE));
    const productShort = await spawnWorker('product', {
      address: stack.server.address,
      taskQueue: 'bench-product-short',
      databaseUrl: stack.databaseUrl,
      smtpUrl: stack.sink.url,
      policyFile: shortPolicyFile,
      logFile: join(stack.dir, 'worker-product-short.log'),
    });
    const bare = await spawnWorker('bare', { address: stack.server.address, taskQueue: 'bench-bare', logFile: join(stack.dir, 'worker-bare.log') });
    try {
      // Untimed: loads the name rules' dictionaries, JIT-compiles both workers' code paths.
      progress('warm-up: 10 cases and 10 bare workflows, not counted');
      const warm = await runCases(stack, PATHS[0]!, 10, product.taskQueue, 'warmup');
      await runBare(stack, (await historyStats(stack.client, warm.workflowIds)).shape, 10, bare.taskQueue, 'warmup');
      for (const path of o.paths) {
        progress(`${path.name}: ${o.cases} cases`);
        const worker = path.policy === SHORT_POLICY ? productShort : product;
        const pm0 = await worker.metrics();
        const p = await runCases(stack, path, o.cases, worker.taskQueue);
        const productTimes = taskTimes(pm0, await worker.metrics());
        const ph = await historyStats(stack.client, p.workflowIds);
        progress(`${path.name}: ${p.perSecond.toFixed(1)} cases/s; ${o.cases} bare workflows of its shape`);
        const bm0 = await bare.metrics();
        const b = await runBare(stack, ph.shape, o.cases, bare.taskQueue, path.name);
        const bareTimes = taskTimes(bm0, await bare.metrics());
        const bh = await historyStats(stack.client, b.workflowIds);
        const r: PathResult = {
          name: path.name,
          what: path.what,
          cases: o.cases,
          product: { seconds: p.seconds, perSecond: p.perSecond, history: ph, times: productTimes },
          bare: { seconds: b.seconds, perSecond: b.perSecond, history: bh, times: bareTimes },
          budget: budget[path.name],
        };
        results.paths.push(r);
        progress(`${path.name}: bare ${b.perSecond.toFixed(1)}/s; events ${ph.events.max} (budget ${r.budget ?? 'none'})`);
      }
      // Every case so far ran to its end: the warm-up's and each path's.
      results.store = await storeFootprint(stack.db, 10 + o.cases * o.paths.length);
      progress(`action round trip: ${o.latency} cases`);
      const actions = await productActionLatency(stack, product, o.latency);
      results.latency = { product: actions, bare: await bareUpdateLatency(stack, bare, o.latency) };
    } finally {
      await product.stop();
      await productShort.stop();
      await bare.stop();
    }
    if (o.memory) {
      progress(`worker memory: opening ${o.openCases} cases`);
      results.memory = { product: await productMemory(stack, o.openCases) };
      if (o.bareMemory) {
        progress(`worker memory: ${o.openCases} bare workflows`);
        results.memory.bare = await bareMemory(stack, o.openCases);
      }
    }
  } finally {
    progress('stopping');
    await stack.stop();
  }

  results.loadAtEnd = loadavg()[0]!;
  results.minutes = (Date.now() - started) / 60_000;
  printResults(results);
  const stamp = date.slice(0, 16).replace(':', '');
  const file = o.quick ? join(tmpdir(), `compliance-bench-${stamp}-quick.json`) : join(PROJECT_ROOT, 'bench', 'results', `${stamp}.json`);
  writeJson(file, results);
  console.log(`\nresults: ${file}`);
  if (o.docs) {
    const doc = join(PROJECT_ROOT, 'docs', 'BENCHMARKS.md');
    writeFileSync(doc, renderMarkdown(results, relative(PROJECT_ROOT, file)));
    console.log(`written: ${doc}`);
  }
  const over = results.paths.filter(overBudget);
  for (const p of over) {
    console.log(`OVER BUDGET: ${p.name} took up to ${p.product.history.events.max} history events per case; ${relative(PROJECT_ROOT, BUDGET_FILE)} allows ${p.budget ?? 'none (no entry)'}`);
  }
  return over.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err, (err as { cause?: unknown }).cause);
    process.exit(1);
  },
);
