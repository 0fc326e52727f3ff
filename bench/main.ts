import { writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../scripts/tools';
import { BUDGET_FILE, historyStats, readBudget } from './history';
import { bareUpdateLatency, productActionLatency } from './latency';
import { describeMachine } from './machine';
import { bareMemory, productMemory } from './memory';
import { budgetSection, PATHS, PROCESS_PATHS, qualifiedName, selectPaths, SHORT_POLICY_FILE, type CasePath } from './paths';
import { overBudget, printResults, renderMarkdown, writeJson, type PathResult, type Results } from './report';
import { startBenchStack } from './stack';
import { storeFootprint } from './store-footprint';
import { workerStartup } from './startup';
import { pathTag, runBare, runCases } from './throughput';
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
  --paths a,b          only these paths: <process>/<path>, a process (all its paths), or a path name
                       that only one process has; the paths are
${PROCESS_PATHS.map((p) => `                         ${p.process.process.kind}/ ${p.paths.map((x) => x.name).join(', ')}`).join('\n')}
  --skip-latency       no action round trip measurement
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
      'skip-latency': { type: 'boolean', default: false },
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
  return {
    cases: count('cases', values.cases, 200, 10),
    latency: values['skip-latency'] ? 0 : count('latency', values.latency, 300, 20),
    openCases: count('open-cases', values['open-cases'], 50_000, 300),
    starts: values['skip-startup'] ? 0 : count('starts', values.starts, 3, 3),
    paths: names ? selectPaths(names) : PATHS,
    memory: !values['skip-memory'],
    bareMemory: !values['skip-memory'] && !values['skip-bare-memory'],
    databaseUrl: values['database-url'],
    cluster: values.cluster,
    note: values.note,
    quick: values.quick,
    docs: !values.quick && !values['no-docs'],
  };
}

/** For each process among `paths`, its first path under the default policy: what the warm-up runs. */
function warmupPaths(paths: CasePath[]): CasePath[] {
  const processes = [...new Set(paths.map((p) => p.process))];
  // A process with short paths only would wait out a default deadline (days) on the default worker: none.
  return processes.flatMap((proc) => PATHS.filter((p) => p.process === proc && p.policy === 'default').slice(0, 1));
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
    // Paths that wait for a deadline run under a policy of minutes, which is the worker's to apply.
    const shortPolicyFile = join(stack.dir, 'short-policy.json');
    writeFileSync(shortPolicyFile, JSON.stringify(SHORT_POLICY_FILE));
    const productShort = o.paths.some((p) => p.policy === 'short')
      ? await spawnWorker('product', {
          address: stack.server.address,
          taskQueue: 'bench-product-short',
          databaseUrl: stack.databaseUrl,
          smtpUrl: stack.sink.url,
          policyFile: shortPolicyFile,
          logFile: join(stack.dir, 'worker-product-short.log'),
        })
      : undefined;
    const bare = await spawnWorker('bare', { address: stack.server.address, taskQueue: 'bench-bare', logFile: join(stack.dir, 'worker-bare.log') });
    try {
      // Untimed: loads the name rules' dictionaries, JIT-compiles both workers' code paths: for each
      // process measured, 10 cases of its first path under the default policy.
      const warmups = warmupPaths(o.paths);
      progress(`warm-up: 10 cases of ${warmups.map(qualifiedName).join(', ')} and 10 bare workflows, not counted`);
      let warmShape;
      for (const w of warmups) {
        const warm = await runCases(stack, w, 10, product.taskQueue, `warmup.${w.process.process.kind}`);
        warmShape ??= (await historyStats(stack.client, warm.workflowIds)).shape;
      }
      if (warmShape) await runBare(stack, warmShape, 10, bare.taskQueue, 'warmup');
      for (const path of o.paths) {
        const name = qualifiedName(path);
        progress(`${name}: ${o.cases} cases`);
        const worker = path.policy === 'short' ? productShort! : product;
        const pm0 = await worker.metrics();
        const p = await runCases(stack, path, o.cases, worker.taskQueue);
        const productTimes = taskTimes(pm0, await worker.metrics());
        const ph = await historyStats(stack.client, p.workflowIds);
        progress(`${name}: ${p.perSecond.toFixed(1)} cases/s; ${o.cases} bare workflows of its shape`);
        const bm0 = await bare.metrics();
        const b = await runBare(stack, ph.shape, o.cases, bare.taskQueue, pathTag(path));
        const bareTimes = taskTimes(bm0, await bare.metrics());
        const bh = await historyStats(stack.client, b.workflowIds);
        const r: PathResult = {
          process: path.process.process.kind,
          name: path.name,
          what: path.what,
          cases: o.cases,
          product: { seconds: p.seconds, perSecond: p.perSecond, history: ph, times: productTimes },
          bare: { seconds: b.seconds, perSecond: b.perSecond, history: bh, times: bareTimes },
          budget: budget[budgetSection(path.process.process.kind)]?.[path.name],
        };
        results.paths.push(r);
        progress(`${name}: bare ${b.perSecond.toFixed(1)}/s; events ${ph.events.max} (budget ${r.budget ?? 'none'})`);
      }
      // Every case so far ran to its end: the warm-ups' and each path's.
      results.store = await storeFootprint(stack.db, 10 * warmups.length + o.cases * o.paths.length);
      if (o.latency) {
        progress(`action round trip: ${o.latency} cases`);
        const actions = await productActionLatency(stack, product, o.latency);
        results.latency = { product: actions, bare: await bareUpdateLatency(stack, bare, o.latency) };
      }
    } finally {
      await product.stop();
      await productShort?.stop();
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
  } catch (err) {
    // Said before stopping: a client call still retrying can end the process while the stack stops.
    progress(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
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
    console.log(`OVER BUDGET: ${p.process}/${p.name} took up to ${p.product.history.events.max} history events per case; ${relative(PROJECT_ROOT, BUDGET_FILE)} allows ${p.budget ?? 'none (no entry)'}`);
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
