import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { Logger } from '@temporalio/common';
import { bundleWorkflowCode } from '@temporalio/worker';
import { BUNDLE_FILE, bundleOptions } from '../workers/bundle';
import { PROJECT_ROOT } from './tools';

/**
 * `npm run build`: what production runs, in dist/.
 *
 *   dist/<folder>/*.js        the TypeScript that workers/main.ts and cli/main.ts need (tsconfig.build.json)
 *   dist/store/migrations/    the SQL `node dist/scripts/migrate.js` applies as the owner role (store/migrate.ts reads it beside itself)
 *   dist/workflow-bundle.js   the workflows, bundled once (as the tests bundle them): the compiled worker
 *                             loads it at start instead of bundling them itself
 *
 * The bundle and the code beside it come from one build: rebuild after every change and for every
 * deploy. `--out-dir DIR` builds elsewhere (the compiled code must reach the project's node_modules:
 * DIR inside the project, or a symlink). `--transpile-only` emits each file on its own without type
 * checking, in a second instead of tsc's many: tsconfig.json sets isolatedModules, so the JavaScript
 * is the same, and `npm test` checks the types.
 */

/** Files production reads at run time that are not TypeScript: folder, and the files it needs. */
const ASSETS = [{ dir: 'store/migrations', ext: '.sql' }];
const CONFIG = join(PROJECT_ROOT, 'tsconfig.build.json');

export interface BuildOptions {
  outDir?: string;
  transpileOnly?: boolean;
  quiet?: boolean;
}

export async function build(o: BuildOptions = {}): Promise<{ outDir: string; modules: number; bundleKiB: number }> {
  const log = (msg: string) => o.quiet || console.log(msg);
  const outDir = resolve(o.outDir ?? join(PROJECT_ROOT, 'dist'));
  const modules = await compile(outDir, o);
  log(`compiled ${modules} modules to ${outDir}${o.transpileOnly ? ' (transpiled only)' : ''}`);
  const code = await bundleWorkflows({ quiet: o.quiet });
  writeFileSync(join(outDir, BUNDLE_FILE), code);
  const bundleKiB = Math.round(code.length / 1024);
  log(`workflow bundle written to ${join(outDir, BUNDLE_FILE)} (${bundleKiB} KiB)`);
  return { outDir, modules, bundleKiB };
}

/** Empties `outDir`, then compiles into it the code production runs, and copies the files it reads. */
export async function compile(outDir: string, o: { transpileOnly?: boolean } = {}): Promise<number> {
  // Rebuilt from nothing, so that a module removed from the sources is not left behind.
  if (outDir === sep || PROJECT_ROOT === outDir || PROJECT_ROOT.startsWith(outDir + sep)) throw new Error(`${outDir}: emptying it would delete the project`);
  rmSync(outDir, { recursive: true, force: true });
  const modules = o.transpileOnly ? transpile(outDir, (await import('typescript')).default) : tsc(outDir);
  for (const a of ASSETS) {
    cpSync(join(PROJECT_ROOT, a.dir), join(outDir, a.dir), { recursive: true, filter: (src) => src === join(PROJECT_ROOT, a.dir) || src.endsWith(a.ext) });
  }
  return modules;
}

/** The workflow bundle: every workflow and what it imports, as workers load it (`bundleWorkflowCode`). */
export async function bundleWorkflows(o: { quiet?: boolean } = {}): Promise<string> {
  // webpack's statistics are noise here; its warnings and errors are not (unless asked for quiet).
  const say = (level: string) => (o.quiet ? () => {} : (msg: string) => console.error(`workflow bundle: ${level}: ${msg}`));
  const logger: Logger = { log() {}, trace() {}, debug() {}, info() {}, warn: say('warning'), error: say('error') };
  const { code } = await bundleWorkflowCode({ ...bundleOptions(), logger });
  return code;
}

/** tsc with tsconfig.build.json: type checks, then emits. Returns the count of modules emitted. */
function tsc(outDir: string): number {
  const bin = require.resolve('typescript/bin/tsc');
  const r = spawnSync(process.execPath, [bin, '-p', CONFIG, '--outDir', outDir, '--listEmittedFiles'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  const lines = r.stdout.split('\n');
  if (r.status !== 0) {
    process.stderr.write(lines.filter((l) => !l.startsWith('TSFILE: ')).join('\n') + r.stderr);
    throw new Error(`tsc -p tsconfig.build.json failed (${r.signal ?? `exit ${r.status}`})`);
  }
  return lines.filter((l) => l.startsWith('TSFILE: ') && l.endsWith('.js')).length;
}

/** What tsc() emits, each file transpiled on its own: tsconfig.build.json's files and every module they import. */
function transpile(outDir: string, ts: typeof import('typescript')): number {
  const parsed = ts.getParsedCommandLineOfConfigFile(CONFIG, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${CONFIG}`);
  const queue = [...parsed.fileNames];
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const base = resolve(dirname(file), fileName);
      const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
      if (!found) throw new Error(`${relative(PROJECT_ROOT, file)}: cannot find "${fileName}"`);
      queue.push(found);
    }
    const out = join(outDir, relative(PROJECT_ROOT, file)).replace(/\.ts$/, '.js');
    const { outputText, sourceMapText } = ts.transpileModule(source, { compilerOptions: parsed.options, fileName: file });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
    if (sourceMapText) writeFileSync(`${out}.map`, sourceMapText);
  }
  return seen.size;
}

if (require.main === module) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, 'transpile-only': { type: 'boolean', default: false } } });
  build({ outDir: values['out-dir'], transpileOnly: values['transpile-only'] }).catch((err: Error) => {
    console.error(`build failed: ${err.message}`);
    process.exit(1);
  });
}
