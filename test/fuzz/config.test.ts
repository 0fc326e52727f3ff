/**
 * Fuzzing the configuration entry points: `loadConfig(env)` (EnvSchema) and the policy (`parsePolicy`
 * and a POLICY_FILE read by `loadConfig`). Invalid inputs are generated from the schemas (see mutate.ts):
 * each must be refused with an error naming the variable or policy field and the rule.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigError, EnvSchema, loadConfig } from '../../config/env';
import { parsePolicy, PolicySchema } from '../../policy/policy';
import { expectNamesField, fuzzParameters, invalid, parseIssues, valid, type Mutant } from './mutate';

// Variables naming files are read by loadConfig: generated environments leave them out (tested below).
// So are OIDC's, which go together (test/unit/config.test.ts).
const FILE_VARS = ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'POLICY_FILE', 'WORKFLOW_BUNDLE', 'OIDC_ISSUER', 'OIDC_AUDIENCE', 'OIDC_JWKS_URL', 'OIDC_JWKS_FILE'];
/** Environments EnvSchema accepts, as the process would see them: strings only. */
const validEnv: fc.Arbitrary<Record<string, string>> = valid(EnvSchema).map((e) =>
  Object.fromEntries(
    Object.entries(e as Record<string, unknown>)
      .filter(([k, v]) => !FILE_VARS.includes(k) && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ),
);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('accepted');
}

/** Policy mutants: overrides are merged into the defaults section by section, so nothing is "missing". */
const policyMutants = invalid(PolicySchema, { missing: false, jsonOnly: true, mergesObjects: true });
// A bad window also makes the reminders before it look wrong: that second issue is fair.
// Every process section's reminders must fall inside its windows.
const WINDOWS = ['window', 'materialsWindow'];
const crossField = (m: Mutant) => (f: string) => {
  const [section, key] = m.path.map(String);
  const reminders = m.path.length === 2 && WINDOWS.includes(key!) ? `${section}.remindBefore.` : undefined;
  // The credit tiers' floors must fall from A to E: a floor out of range may also break that order.
  if (m.path.slice(0, 2).join('.') === 'credit.floors' && f === 'credit.floors') return true;
  return reminders !== undefined && f.startsWith(reminders);
};

describe('environment (loadConfig)', () => {
  test('positive control: generated environments are accepted', () => {
    fc.assert(
      fc.property(validEnv, (env) => {
        const config = loadConfig(env);
        expect(config.temporal.namespace).toBe(env.TEMPORAL_NAMESPACE ?? 'default');
      }),
      fuzzParameters(100),
    );
  });

  test('every invalid variable is refused with a ConfigError naming the variable and the rule', () => {
    fc.assert(
      fc.property(invalid(EnvSchema, { stringsOnly: true, missing: false, base: validEnv }), (m) => {
        const err = thrown(() => loadConfig(m.input as NodeJS.ProcessEnv));
        expect(err).toBeInstanceOf(ConfigError);
        expect(err.message).toMatch(/^invalid configuration: /);
        expectNamesField(parseIssues(err.message.slice('invalid configuration: '.length)), m);
      }),
      fuzzParameters(200),
    );
  });

  test('file variables: a missing file or half a certificate pair is named', () => {
    const nowhere = join(dir, 'does-not-exist');
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: nowhere })).toThrow(/^invalid configuration: TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together$/);
    expect(() => loadConfig({ TEMPORAL_TLS_KEY: nowhere })).toThrow(/TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
    expect(() => loadConfig({ POLICY_FILE: nowhere })).toThrow(ConfigError);
    expect(() => loadConfig({ POLICY_FILE: nowhere })).toThrow(/^POLICY_FILE: cannot read .*does-not-exist as JSON/);
    expect(() => loadConfig({ WORKFLOW_BUNDLE: nowhere })).toThrow(/^WORKFLOW_BUNDLE: cannot read .*does-not-exist/);
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: nowhere, TEMPORAL_TLS_KEY: nowhere })).toThrow(ConfigError);
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: nowhere, TEMPORAL_TLS_KEY: nowhere })).toThrow(/^TEMPORAL_TLS_CERT: cannot read /);
  });
});

describe('policy (parsePolicy, POLICY_FILE)', () => {
  test('positive control: the defaults and generated policies are accepted', () => {
    expect(parsePolicy({}).nameCorrection.maxSubmissions).toBe(10);
    fc.assert(
      fc.property(valid(PolicySchema), (p) => {
        expect(parsePolicy(p)).toEqual(PolicySchema.parse(p));
      }),
      fuzzParameters(100),
    );
  });

  test('every invalid policy is refused with an error naming the policy field and the rule', () => {
    fc.assert(
      fc.property(policyMutants, (m) => {
        const err = thrown(() => parsePolicy(m.input));
        expectNamesField(parseIssues(err.message), m, { root: '(policy)', alsoAllowed: crossField(m) });
      }),
      fuzzParameters(200),
    );
  });

  test('through loadConfig, a POLICY_FILE with an invalid policy is refused naming the file and the field', () => {
    const file = join(dir, 'policy.json');
    fc.assert(
      fc.property(policyMutants, (m) => {
        writeFileSync(file, JSON.stringify(m.input));
        const err = thrown(() => loadConfig({ POLICY_FILE: file }));
        expect(err).toBeInstanceOf(ConfigError);
        const prefix = `POLICY_FILE (${file}): `;
        expect(err.message.startsWith(prefix)).toBe(true);
        expectNamesField(parseIssues(err.message.slice(prefix.length)), m, { root: '(policy)', alsoAllowed: crossField(m) });
      }),
      fuzzParameters(50),
    );
    writeFileSync(file, JSON.stringify({ nameCorrection: { window: '10 days' } }));
    expect(loadConfig({ POLICY_FILE: file }).policy.nameCorrection.window).toBe(10 * 86_400_000);
  });
});
