/**
 * Property-based inputs derived from the zod 4 schemas themselves (zod-fast-check supports zod 3 only):
 * `valid(schema)` generates accepted inputs from the schema's shape and checks; `invalid(schema)` takes
 * one and breaks it at one place (a "site": the root, an object key, an array element): drops a required
 * key, gives a value of another type, an empty, blank, overlong or near-miss string, an invisible
 * character, a value outside an enum, a bad date or URL, a bad number, an unknown key, extra nesting.
 * A candidate counts as invalid only if the site's own schema rejects it, so every mutant is known to be
 * invalid at a known path; the tests then check that the public entry point says so, at that path.
 */
import fc from 'fast-check';
import type { z } from 'zod';

export type Path = (string | number)[];

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, string>;
  checks?: { _zod: { def: CheckDef } }[];
  format?: string;
  protocol?: RegExp;
  values?: unknown[];
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (s: z.ZodType): CheckDef[] => (defOf(s).checks ?? []).map((c) => c._zod.def);

/** The schema under optional/default/pipe wrappers: the one that decides the value's type. */
function core(s: z.ZodType): z.ZodType {
  for (;;) {
    const d = defOf(s);
    if (['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch'].includes(d.type)) s = d.innerType!;
    else if (d.type === 'pipe') s = d.in!;
    else return s;
  }
}

const isRequired = (s: z.ZodType) => !s.safeParse(undefined).success;
function isStrict(s: z.ZodType): boolean {
  const d = defOf(s);
  return d.type === 'object' && d.catchall !== undefined && defOf(d.catchall).type === 'never';
}

/** What a JSON file can hold: no undefined, NaN, Infinity, -0, Date. */
function isJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(isJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v as object).every(isJson);
  return false;
}

function lengthBounds(s: z.ZodType): { min: number; max?: number } {
  let min = 0;
  let max: number | undefined;
  for (const c of checksOf(s)) {
    if (c.check === 'min_length') min = Math.max(min, c.minimum!);
    if (c.check === 'max_length') max = Math.min(max ?? Infinity, c.maximum!);
  }
  return { min, max };
}

const TRICKY = ['\t', '\n', '\r', '\u0000', '\u0001', '\u001B', '\u007F', '\u0085', '\uD800', '\uDC00', '\u200B', '\u202E', '\uFEFF', '"', '\\', "'", '%', '\u{1F600}'];

const pad = (n: number) => String(n).padStart(2, '0');
/** An ISO 8601 date-time written with the given offset from UTC ("+08:00"). */
function isoWithOffset(d: Date, offsetMinutes: number): string {
  const local = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}

function validString(s: z.ZodType): fc.Arbitrary<string> {
  const d = defOf(s);
  const { min, max } = lengthBounds(s);
  if (d.format === 'datetime') {
    return fc
      .tuple(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: -48, max: 56 }))
      .map(([date, q]) => isoWithOffset(date, q * 15));
  }
  if (d.format === 'url') {
    const scheme = d.protocol ? fc.stringMatching(d.protocol) : fc.constant('https');
    return scheme.chain((sc) => fc.webUrl({ validSchemes: [sc] }));
  }
  const regex = checksOf(s).find((c) => c.check === 'string_format' && c.format === 'regex')?.pattern;
  if (regex && regex.source.startsWith('^')) return fc.stringMatching(regex);
  // Printable text, sometimes with characters that are hard to store or show (kept where the schema allows them).
  const length = { minLength: min, maxLength: Math.min(max ?? 24, min + 24) };
  const char = fc.oneof({ arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }), weight: 6 }, { arbitrary: fc.constantFrom(...TRICKY), weight: 1 });
  return fc.oneof(fc.string({ unit: 'grapheme', ...length }), fc.string({ unit: char, ...length }));
}

/** Inputs the schema accepts, generated from its shape (key omission for optional keys included). */
export function valid(s: z.ZodType): fc.Arbitrary<unknown> {
  const d = defOf(s);
  let arb: fc.Arbitrary<unknown>;
  switch (d.type) {
    case 'optional':
    case 'default':
      return valid(d.innerType!);
    case 'pipe':
      arb = valid(d.in!);
      break;
    case 'object': {
      const shape = d.shape!;
      const model = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, valid(v)]));
      arb = fc.record(model, { requiredKeys: Object.keys(shape).filter((k) => isRequired(shape[k]!)), noNullPrototype: true });
      break;
    }
    case 'array': {
      const { min, max } = lengthBounds(s);
      arb = fc.array(valid(d.element!), { minLength: min, maxLength: Math.min(max ?? min + 3, min + 3) });
      break;
    }
    case 'enum':
      arb = fc.constantFrom(...Object.values(d.entries!));
      break;
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'literal':
      arb = fc.constantFrom(...d.values!);
      break;
    case 'number': {
      let lo = -1e6;
      let hi = 1e6;
      for (const c of checksOf(s)) {
        if (c.check === 'greater_than') lo = Math.max(lo, c.inclusive ? c.value! : c.value! + 1);
        if (c.check === 'less_than') hi = Math.min(hi, c.inclusive ? c.value! : c.value! - 1);
      }
      arb = fc.integer({ min: lo, max: hi });
      break;
    }
    case 'string':
      arb = validString(s);
      break;
    default:
      throw new Error(`valid(): no generator for a zod ${d.type}`);
  }
  // Refinements (invisible characters, "at least one of", cross-field rules) are not derived: filtered.
  return arb.filter((v) => s.safeParse(v).success);
}

export const MISSING = Symbol('missing');

export interface Mutant {
  /** The whole input, broken at `path`. */
  input: unknown;
  /** Where it is broken; for an unknown key, the object that holds it. */
  path: Path;
  kind: 'missing' | 'wrong type' | 'bad value' | 'unknown key';
  /** The value put at `path` (MISSING for a dropped key). */
  value: unknown;
  /** For `unknown key`: the key added. */
  key?: string;
}

export interface MutationOptions {
  /** Drop required keys (off where the entry point fills in defaults, as policy overrides and env do). */
  missing?: boolean;
  /** Only string values (environment variables). */
  stringsOnly?: boolean;
  /** Only JSON values (what a JSON file can hold). */
  jsonOnly?: boolean;
  /** Objects given for an object are merged into defaults (policy overrides): do not replace objects by objects. */
  mergesObjects?: boolean;
}

interface Site {
  path: Path;
  schema: z.ZodType;
  value: unknown;
}

function sitesOf(s: z.ZodType, v: unknown, path: Path, out: Site[]): Site[] {
  out.push({ path, schema: s, value: v });
  const c = core(s);
  const d = defOf(c);
  if (d.type === 'object' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, child] of Object.entries(d.shape!)) sitesOf(child, (v as Record<string, unknown>)[k], [...path, k], out);
  }
  if (d.type === 'array' && Array.isArray(v)) v.forEach((e, i) => sitesOf(d.element!, e, [...path, i], out));
  return out;
}

/** Invisible, control and unpaired-surrogate characters, for inserting into otherwise valid text. */
const INVISIBLE = ['\uD800', '\uDFFF', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u202E', '\u180E', '\u034F', '\u0000', '\u0007', '\u001B', '\n', '\u{E0041}'];
const BLANK = [' ', '\t', '\n', '\r', '\u3000', '\u00A0', '\u2003'];
const EDGE_CHARS = [' ', '!', '/', ':', '@', '\\', '"', "'", '<', '.', '-', '_', '中', '\u00E9', '\u{1F600}', '%00'];
const BAD_DATES = [
  '2026-13-01T00:00:00+08:00', '2026-02-30T00:00:00+08:00', '2026-12-01T24:00:00Z', '2026-12-01T18:00:60+08:00',
  '2026-12-01T18:00:00+24:00', '2026-12-01T18:00:00', '2026-12-01', '2026-12-01 18:00:00+08:00', '+2026-12-01T18:00:00Z',
  '20261201T180000+0800', 'tomorrow', '1796119200000', 'Invalid Date',
];
const BAD_URLS = ['http://cdn.example/a.png', 'javascript:alert(1)', 'ftp://cdn.example/a', '//cdn.example/a.png', 'https://', 'https:/cdn.example', 'data:image/png;base64,AAAA', 'not a url', 'file:///etc/passwd'];
const BAD_NUMBERS = [0, -1, -0, 1.5, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e21, Number.MIN_VALUE, 65536, 99999];

/** A valid character to pad with: the value's own first character, else "a". */
const fillChar = (v: unknown) => (typeof v === 'string' && v.trim() ? [...v.trim()][0]! : 'a');

function candidates(site: Site, opts: MutationOptions): fc.Arbitrary<{ kind: Mutant['kind']; value: unknown }> {
  const c = core(site.schema);
  const d = defOf(c);
  const cur = site.value;
  const out: fc.Arbitrary<{ kind: Mutant['kind']; value: unknown }>[] = [];
  const bad = (a: fc.Arbitrary<unknown>) => out.push(a.map((value) => ({ kind: 'bad value' as const, value })));

  // a key dropped from its object (array elements are not dropped: JSON has no holes)
  if (opts.missing !== false && typeof site.path[site.path.length - 1] === 'string' && cur !== undefined) {
    out.push(fc.constant({ kind: 'missing' as const, value: MISSING }));
  }
  if (!opts.stringsOnly) {
    const others: unknown[] = [null, 0, 1.5, true, '', 'x', [], [cur], new Date(0), Number.NaN];
    if (!(opts.mergesObjects && d.type === 'object')) others.push({}, { value: cur });
    out.push(fc.constantFrom(...others).map((value) => ({ kind: 'wrong type' as const, value })));
  }
  const strings: fc.Arbitrary<string>[] = [
    fc.string({ unit: fc.constantFrom(...BLANK), minLength: 0, maxLength: 4 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    // near misses of the current value, at either end or inside
    fc.tuple(fc.constantFrom(...EDGE_CHARS, ...INVISIBLE), fc.nat()).map(([ch, i]) => {
      const s = typeof cur === 'string' ? cur : '';
      const at = i % (s.length + 1);
      return s.slice(0, at) + ch + s.slice(at);
    }),
    fc.integer({ min: 2, max: 3000 }).map((n) => fillChar(cur).repeat(n)),
  ];
  if (d.type === 'string') {
    const { max } = lengthBounds(c);
    if (max !== undefined) strings.push(fc.integer({ min: max + 1, max: max + 40 }).map((n) => fillChar(cur).repeat(n)));
    if (d.format === 'datetime') {
      strings.push(fc.constantFrom(...BAD_DATES), fc.date({ noInvalidDate: true }).map((x) => x.toString()));
      if (typeof cur === 'string') strings.push(fc.constant(cur.slice(0, 19)), fc.constant(cur.slice(0, 10)));
    }
    if (d.format === 'url') {
      strings.push(fc.constantFrom(...BAD_URLS), fc.webUrl({ validSchemes: ['http', 'ftp', 'wss'] }));
      if (typeof cur === 'string') strings.push(fc.constant(`${cur}/${'a'.repeat(2100)}`));
    }
  }
  if (d.type === 'enum') {
    const options = Object.values(d.entries!);
    strings.push(
      fc.constantFrom(...options).chain((o) =>
        fc.constantFrom(o.toUpperCase(), ` ${o}`, `${o} `, `${o}s`, o.slice(1), o.replace(/_/g, '-'), `${o}\u200B`),
      ),
    );
  }
  if (d.type === 'number' || opts.stringsOnly) {
    const numbers = fc.oneof(fc.constantFrom(...BAD_NUMBERS), fc.double());
    if (opts.stringsOnly) strings.push(numbers.map(String), fc.constantFrom('0x50', '1e3', ' 80 ', '80abc', '--1', '٣'));
    else bad(fc.oneof(numbers, fc.integer().map(String)));
  }
  if (d.type === 'boolean') bad(fc.constantFrom('true', 'false', 1, 0, 'yes'));
  if (d.type === 'array') {
    const { min, max } = lengthBounds(c);
    if (min > 0 && !opts.stringsOnly) bad(fc.constant([]));
    if (max !== undefined && Array.isArray(cur) && cur.length > 0) {
      bad(fc.integer({ min: max + 1, max: max + 5 }).map((n) => Array.from({ length: n }, (_, i) => (cur as unknown[])[i % cur.length])));
    }
  }
  // Strings of every kind where strings are expected; elsewhere the wrong-type values above include strings.
  if (d.type === 'string' || d.type === 'enum' || opts.stringsOnly) for (const s of strings) bad(s);

  if (isStrict(c) && cur !== null && typeof cur === 'object' && !Array.isArray(cur)) {
    const existing = Object.keys(defOf(c).shape!);
    const keys = fc.oneof(
      fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'id'),
      fc.constantFrom(...existing).chain((k) => fc.constantFrom(k.toUpperCase(), `${k} `, k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`), `${k}s`)),
    );
    out.push(
      fc.tuple(keys.filter((k) => !existing.includes(k)), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({
        kind: 'unknown key' as const,
        value: { key, value },
      })),
    );
  }
  return fc.oneof(...out);
}

/** How fast-check shows a counterexample: what was broken where, and the whole input. */
function described(m: Mutant): Mutant {
  const show = (v: unknown) => (v === MISSING ? '(dropped)' : fc.stringify(v));
  const text = `${m.kind} at ${fieldOf(m.path)}${m.key !== undefined ? ` (key ${JSON.stringify(m.key)})` : ''}: ${show(m.value)} in ${show(m.input)}`;
  return Object.defineProperty(m, fc.toStringMethod, { value: () => text, enumerable: false });
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const top = clone(root) as Record<string | number, unknown>;
  let o = top;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === MISSING) delete o[last];
  else o[last] = value;
  return top;
}

/**
 * One input the schema rejects, with where and why, made by breaking a `valid(schema)` input (or one
 * from `base`) at one site; candidates the site's own schema accepts are passed over.
 */
export function invalid(
  s: z.ZodType,
  opts: MutationOptions & { base?: fc.Arbitrary<unknown> } = {},
): fc.Arbitrary<Mutant> {
  return (opts.base ?? valid(s)).chain((base) => {
    // Environment variables are always there as strings: the whole set is not replaced.
    const sites = sitesOf(s, base, [], []).slice(opts.stringsOnly ? 1 : 0);
    return fc
      .constantFrom(...sites)
      .chain((site) => candidates(site, opts).map((cand) => ({ site, cand })))
      .map(({ site, cand }): Mutant | undefined => {
        if (cand.kind === 'unknown key') {
          const { key, value } = cand.value as { key: string; value: unknown };
          const target = site.path.length ? (setAt(base, site.path, clone(site.value)) as Record<string, unknown>) : clone(base);
          let obj = target as Record<string | number, unknown>;
          for (const k of site.path) obj = obj[k] as Record<string | number, unknown>;
          // defineProperty, so that "__proto__" is an own key as JSON.parse would make it, not the prototype
          Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
          return described({ input: target, path: site.path, kind: cand.kind, value, key });
        }
        const value = cand.value;
        if (opts.stringsOnly && (typeof value !== 'string' || value === '')) return undefined;
        if (opts.jsonOnly && value !== MISSING && !isJson(value)) return undefined;
        // Invalid only if the site's own schema rejects it.
        if (site.schema.safeParse(value === MISSING ? undefined : value).success) return undefined;
        return described({ input: setAt(base, site.path, value), path: site.path, kind: cand.kind, value });
      });
  }).filter((m): m is Mutant => m !== undefined);
}

export interface Issue {
  field: string;
  rule: string;
}

/** "a.b: rule; c: rule" (formatIssues) back into issues. */
export function parseIssues(message: string): Issue[] {
  return message.split('; ').map((seg) => {
    const at = seg.indexOf(': ');
    return at < 0 ? { field: '', rule: seg } : { field: seg.slice(0, at), rule: seg.slice(at + 2) };
  });
}

export const fieldOf = (path: Path, root = '(input)') => (path.length ? path.map(String).join('.') : root);

/**
 * The error names the broken field and a rule: an issue at (or, when a whole object or array was
 * replaced, under) the mutant's path; every issue is there too unless `alsoAllowed` says so; a value
 * that is present is not called missing.
 */
export function expectNamesField(issues: Issue[], m: Mutant, opts: { root?: string; alsoAllowed?: (field: string) => boolean } = {}): void {
  const field = fieldOf(m.path, opts.root);
  const within = (f: string) => m.path.length === 0 || f === field || f.startsWith(`${field}.`);
  const show = () => `mutant ${m.kind} at ${field}: ${JSON.stringify(issues)}`;
  if (issues.length === 0) throw new Error(`no issues: ${show()}`);
  for (const i of issues) {
    if (!i.rule.trim()) throw new Error(`an issue without a rule: ${show()}`);
    if (!within(i.field) && !opts.alsoAllowed?.(i.field)) throw new Error(`an issue outside the broken field: ${show()}`);
  }
  const at = issues.filter((i) => (m.kind === 'unknown key' || m.kind === 'missing' ? i.field === field : within(i.field)));
  if (at.length === 0) throw new Error(`the broken field is not named: ${show()}`);
  if (m.kind === 'unknown key' && !at.some((i) => i.rule.includes(JSON.stringify(m.key)))) throw new Error(`the unknown key is not named: ${show()}`);
  if (m.kind !== 'missing' && m.value !== undefined && at.some((i) => i.field === field && /required/i.test(i.rule))) {
    throw new Error(`a value that is there is called missing: ${show()}`);
  }
}

/** Runs a property with a fixed seed (FUZZ_SEED overrides; FUZZ_RUNS scales the runs); fast-check prints seed and counterexample on failure. */
export function fuzzParameters(numRuns: number): fc.Parameters<unknown> {
  const scale = Number(process.env.FUZZ_RUNS ?? 1);
  return { numRuns: Math.max(1, Math.round(numRuns * scale)), seed: Number(process.env.FUZZ_SEED ?? 20261201) };
}
