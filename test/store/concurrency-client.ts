/**
 * One process of test/store/concurrency.test.ts, using the store as a process of `npm start` does:
 * configured only by the environment (loadConfig: no DATABASE_URL, so the store npm start runs), with
 * that kind of process's pool, through the product's own store, service and activity functions.
 * Every read is checked against what this process wrote; each failed check or thrown error counts.
 * Prints `ready` once connected, starts on a line on its stdin, then prints one JSON line (a `Report`)
 * and exits; on SIGTERM it prints what it has done so far.
 *
 *   tsx test/store/concurrency-client.ts <worker|cli-1|cli-2|service> <operations>
 */
import pg from 'pg';
import { createAccountMeasureActivities } from '../../activities/account-measures';
import { loadConfig } from '../../config/env';
import type { Mailer } from '../../mail/mailer';
import { getAccountView, registerAccount, updateAccount } from '../../services/accounts';
import { getAccount, type ContentCategory } from '../../store/accounts';
import { connect, POOL_SIZES, type Db } from '../../store/db';
import { listMeasures, type MeasureKind } from '../../store/measures';
import { claimNotice, findSentNotice, markNoticeSent } from '../../store/notices';
import { readRoster, upsertOperator } from '../../store/operators';
import { listRecords } from '../../store/records';

export const SHARED_ACCOUNTS = ['shared-0', 'shared-1', 'shared-2', 'shared-3', 'shared-4'];
/** The accounts the registry holds for the worker's profile changes (the test seeds them). */
export const WORKER_ACCOUNTS = Array.from({ length: 20 }, (_, i) => `wk-acc-${i}`);
export const SHARED_NOTICES = 40;
/** How the test seeds the shared and the worker's accounts. */
export const seededAccount = (id: string): AccountWritten => ({
  subjectId: `subj-${id}`,
  name: `账号 ${id}`,
  bio: '简介',
  contactEmail: `${id}@users.example`,
  contentCategory: 'general',
});
export const ROLES = ['worker', 'cli-1', 'cli-2', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface AccountWritten {
  subjectId: string;
  name: string;
  bio: string;
  contactEmail: string;
  contentCategory: ContentCategory;
}
export interface RecordWritten {
  idempotencyKey: string;
  caseRef: string;
  accountId: string;
  action: string;
  article: string;
  actor: string;
  reason: string;
  evidence: Record<string, unknown>;
}
export interface Report {
  role: Role;
  /** Calls of store, service and activity functions. */
  operations: number;
  /** SQL statements sent. */
  queries: number;
  errors: string[];
  /** Final fields of every account this process registered or changed. */
  accounts: Record<string, AccountWritten>;
  records: RecordWritten[];
  /** One measure per case: its case, account, kind, and whether this process lifted it. */
  measures: { caseRef: string; accountId: string; kind: MeasureKind; lifted: boolean }[];
  /** Notices this process claimed and marked sent, with the message id it gave them. */
  notices: { key: string; messageId: string }[];
  /** Final state of every operator this process set, and how many changes it made. */
  operators: Record<string, { displayName: string; roles: ('reviewer' | 'supervisor')[] }>;
  operatorChanges: number;
  /** When it began and finished its operations (ms since the epoch): the four runs must overlap. */
  startedAt: number;
  endedAt: number;
}

const CATEGORIES: ContentCategory[] = ['general', 'news', 'economy', 'entertainment', 'other'];
const KINDS: MeasureKind[] = ['warning', 'limit_functions', 'suspend_updates', 'stop_ads', 'suspend_service'];

/** Small, seeded: a failing run can be run again with the same operations. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the tasks with at most `width` in flight, as the process's pool allows. */
async function inParallel(width: number, tasks: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

async function main(): Promise<void> {
  const role = process.argv[2] as Role;
  const budget = Number(process.argv[3]);
  if (!ROLES.includes(role) || !(budget > 0)) throw new Error('usage: concurrency-client.ts <worker|cli-1|cli-2|service> <operations>');
  const rnd = random(ROLES.indexOf(role) + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  let queries = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    queries++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  const report: Report = { role, operations: 0, queries: 0, errors: [], accounts: {}, records: [], measures: [], notices: [], operators: {}, operatorChanges: 0, startedAt: 0, endedAt: 0 };
  const check = (ok: boolean, what: string, got?: unknown) => {
    if (!ok) report.errors.push(`${what}${got === undefined ? '' : `: got ${JSON.stringify(got)}`}`);
  };
  const op = (fn: () => Promise<void>) => async () => {
    report.operations++;
    try {
      await fn();
    } catch (err) {
      report.errors.push(`${(err as Error).message}`);
    }
  };

  const config = loadConfig();
  // The pools workers/run-worker.ts, cli/deps.ts and a service's caller open.
  const db: Db = connect(config.databaseUrl, role === 'worker' ? POOL_SIZES.worker : role === 'service' ? POOL_SIZES.service : POOL_SIZES.cli);

  /** The account as the store gives it back must be the one asked for, with what this process wrote. */
  const expectAccount = async (id: string) => {
    const a = await getAccount(db, id);
    const want = report.accounts[id]!;
    check(
      a?.id === id && a.name === want.name && a.bio === want.bio && a.contactEmail === want.contactEmail && a.contentCategory === want.contentCategory,
      `account ${id} read back as written`,
      a,
    );
  };
  const register = async (id: string) => {
    const want: AccountWritten = { subjectId: `subj-${id}`, name: `账号 ${id}`, bio: `${role} 注册`, contactEmail: `${id}@users.example`, contentCategory: pick(CATEGORIES) };
    const a = await registerAccount({ db }, { id, name: want.name, subject: { id: want.subjectId, kind: 'individual', displayName: `主体 ${id}` }, contactEmail: want.contactEmail, contentCategory: want.contentCategory, bio: want.bio });
    report.accounts[id] = want;
    check(a.id === id && a.name === want.name && a.status === 'active', `registered ${id}`, a);
  };
  const update = async (id: string, n: number) => {
    const want = report.accounts[id]!;
    const change = pick([{ name: `账号 ${id} 第${n}版` }, { bio: `${role} 改 ${n}` }, { contactEmail: `${id}.${n}@users.example` }, { contentCategory: pick(CATEGORIES) }]);
    const a = await updateAccount({ db }, { id, ...change });
    Object.assign(want, change);
    check(a.id === id && a.name === want.name && a.bio === want.bio && a.contactEmail === want.contactEmail && a.contentCategory === want.contentCategory, `updated ${id}`, a);
  };
  /** Another process writes these records: each must be of the account asked for, in chain order. */
  const readRecords = async (accountId: string) => {
    const rows = await listRecords(db, { accountId });
    check(rows.every((r) => r.accountId === accountId), `records of ${accountId} only`, rows.find((r) => r.accountId !== accountId));
    check(rows.every((r, i) => i === 0 || BigInt(r.seq) > BigInt(rows[i - 1]!.seq)), `records of ${accountId} in order`);
  };
  const view = async (accountId: string) => {
    const v = await getAccountView({ db }, accountId);
    check(v?.account.id === accountId && v.measures.every((m) => m.accountId === accountId && m.liftedAt === null), `view of ${accountId}`, v?.account.id);
  };

  // Connected and set up: wait for the others, so that all four hammer the store at once.
  await db.query('SELECT 1');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve).once('end', resolve));
  process.stdin.pause();
  report.startedAt = Date.now();
  // Told to stop (the test gave up waiting): what was done so far, and the errors seen until then.
  process.once('SIGTERM', () => {
    report.queries = queries;
    process.stdout.write(`${JSON.stringify(report)}\n`);
    process.exit(2);
  });

  const tasks: (() => Promise<void>)[] = [];
  if (role === 'worker') {
    // Measures and records send no mail.
    const acts = createAccountMeasureActivities({ db, mailer: undefined as unknown as Mailer, policy: config.policy });
    for (const id of WORKER_ACCOUNTS) report.accounts[id] = seededAccount(id);
    // The shared notices, each claimed by two attempts at once (a retry beside a stalled attempt).
    for (let k = 0; k < SHARED_NOTICES; k++) {
      const key = `NC-shared:${k}:opened`;
      const claimOne = (attempt: number) =>
        op(async () => {
          const messageId = `<${key}.${attempt}@notices.compliance>`;
          const n = { idempotencyKey: key, caseRef: 'NC-shared', accountId: SHARED_ACCOUNTS[k % SHARED_ACCOUNTS.length]!, kind: 'opened', messageId };
          const claim = await claimNotice(db, { ...n, claimant: `attempt-${attempt}`, leaseMs: 600_000 });
          if (claim.state !== 'claimed') return;
          check(!claim.tookOver, `claim of ${key} is new`, claim);
          await markNoticeSent(db, n);
          report.notices.push({ key, messageId });
          check((await findSentNotice(db, key))?.messageId === messageId, `notice ${key} sent with its own message id`);
        });
      tasks.push(claimOne(1), claimOne(2));
    }
    for (let n = 0; tasks.length < budget; n++) {
      const r = rnd();
      const caseRef = `NC-W${n}`;
      const rec = (what: string, accountId: string, actor: string, article: string) => ({
        idempotencyKey: `${caseRef}:${what}`, caseRef, accountId, actor, reason: `${role} ${n} ${what}`, article,
      });
      if (r < 0.45) {
        // A case's measure, imposed and read back; lifted by the same case most of the time.
        const accountId = pick([...SHARED_ACCOUNTS, ...WORKER_ACCOUNTS]);
        const kind = pick(KINDS);
        const lift = rnd() < 0.6;
        tasks.push(
          op(async () => {
            const imposed = rec('impose', accountId, 'content-risk-service', 'Art. 19 ¶2');
            const out = await acts.imposeMeasure({ ...imposed, kind });
            report.records.push({ ...imposed, action: kind, evidence: {} });
            const m = { caseRef, accountId, kind, lifted: false };
            report.measures.push(m);
            check(out.applied && out.measureIds.length === 1, `${caseRef} imposed one measure`, out);
            const mine = await listMeasures(db, { caseRef });
            check(
              mine.length === 1 && mine[0]!.id === out.measureIds[0] && mine[0]!.accountId === accountId && mine[0]!.kind === kind && mine[0]!.liftedAt === null,
              `${caseRef}'s measure read back`,
              mine,
            );
            if (!lift) return;
            report.operations++;
            const lifting = rec('lift', accountId, 'reviewer-li', 'Art. 19 ¶2');
            const lifted = await acts.liftMeasures({ ...lifting, kinds: [kind], action: `lift_${kind}` });
            report.records.push({ ...lifting, action: `lift_${kind}`, evidence: { kinds: [kind] } });
            m.lifted = true;
            check(lifted.applied && lifted.measureIds.length === 1 && lifted.measureIds[0] === out.measureIds[0], `${caseRef} lifted its own measure only`, lifted);
          }),
        );
      } else if (r < 0.75) {
        const accountId = pick(WORKER_ACCOUNTS);
        tasks.push(
          op(() =>
            serial(accountId, async () => {
              const profile = { name: `更正 ${accountId} ${n}`, bio: `简介 ${n}` };
              const applied = rec('profile', accountId, 'reviewer-li', 'Art. 8 ¶2');
              const out = await acts.applyCorrectedProfile({ ...applied, profile });
              report.records.push({ ...applied, action: 'apply_profile', evidence: { profile } });
              Object.assign(report.accounts[accountId]!, profile);
              check(out.applied, `${caseRef} profile applied`, out);
              await expectAccount(accountId);
            }),
          ),
        );
      } else {
        const accountId = pick([...SHARED_ACCOUNTS, ...WORKER_ACCOUNTS]);
        tasks.push(
          op(async () => {
            const decided = rec('decision', accountId, 'supervisor-wang', 'Art. 8 ¶2');
            const out = await acts.recordDecision({ ...decided, action: 'review_decision', evidence: { n } });
            report.records.push({ ...decided, action: 'review_decision', evidence: { n } });
            check(out.applied, `${caseRef} decision recorded`, out);
            await readRecords(accountId);
          }),
        );
      }
    }
    await inParallel(POOL_SIZES.worker, tasks);
  } else if (role === 'service') {
    const mine = Array.from({ length: 40 }, (_, i) => `svc-acc-${i}`);
    await inParallel(POOL_SIZES.service, mine.map((id) => op(() => register(id))));
    for (let n = mine.length; tasks.length + mine.length < budget; n++) {
      const r = rnd();
      const id = pick(mine);
      if (r < 0.4) tasks.push(op(() => serial(id, () => update(id, n))));
      else if (r < 0.6) tasks.push(op(() => serial(id, () => expectAccount(id))));
      else if (r < 0.85) {
        const opId = `svc-op-${Math.floor(rnd() * 30)}`;
        const want = { displayName: `操作员 ${opId} ${n}`, roles: pick<('reviewer' | 'supervisor')[]>([['reviewer'], ['supervisor'], ['supervisor', 'reviewer']]) };
        tasks.push(
          op(() =>
            serial(`operator:${opId}`, async () => {
              const out = await upsertOperator(db, { id: opId, ...want });
              if (out.changed) report.operatorChanges++;
              report.operators[opId] = want;
              check(Number.isInteger(out.version) && out.version > 0, `operator ${opId} version`, out);
            }),
          ),
        );
      } else {
        tasks.push(
          op(async () => {
            const roster = await readRoster(db);
            check(Number.isInteger(roster.version) && Array.isArray(roster.operators), 'roster read', roster);
          }),
        );
      }
    }
    await inParallel(POOL_SIZES.service, tasks);
  } else {
    const mine = Array.from({ length: 25 }, (_, i) => `${role}-acc-${i}`);
    await inParallel(POOL_SIZES.cli, mine.map((id) => op(() => register(id))));
    for (let n = mine.length; tasks.length + mine.length < budget; n++) {
      const r = rnd();
      const id = pick(mine);
      if (r < 0.35) tasks.push(op(() => serial(id, () => update(id, n))));
      else if (r < 0.55) tasks.push(op(() => serial(id, () => expectAccount(id))));
      else if (r < 0.8) tasks.push(op(() => readRecords(pick(SHARED_ACCOUNTS))));
      else tasks.push(op(() => view(pick([...SHARED_ACCOUNTS, id]))));
    }
    await inParallel(POOL_SIZES.cli, tasks);
  }

  report.endedAt = Date.now();
  await db.end();
  report.queries = queries;
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const inFlight = new Map<string, Promise<void>>();
/** Runs fn with no other call of this process on the same key in flight: its expectations stay its own. */
async function serial(key: string, fn: () => Promise<void>): Promise<void> {
  while (inFlight.has(key)) await inFlight.get(key);
  let done!: () => void;
  inFlight.set(key, new Promise<void>((r) => (done = r)));
  try {
    await fn();
  } finally {
    inFlight.delete(key);
    done();
  }
}

// Run as a process; imported by the test for its constants and types only.
if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
