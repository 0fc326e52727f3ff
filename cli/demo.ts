import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ComplianceApiError, createComplianceClient, type ComplianceClient } from '../client';
import type { Config } from '../config/env';
import { DEMO_ACCOUNTS, DEMO_IDENTITIES, DEMO_OPERATORS, DEMO_SUBJECTS } from '../services/demo/data';
import { NAME_CORRECTION } from '../workflows/name-correction/messages';
import { run, tokenFileOf } from './deps';
import { openOrFind } from './name-correction';

/** `demo`: sample data and a case, made through the API as an admin would, then as the platform would. */

const DEMO_ACCOUNT = 'demo-gwy-fans';
const PLATFORM = 'content-risk-service';
const REVIEWER = 'reviewer-li';
const NEXT = [
  `npm run cli -- --as reviewer-li nc show ${DEMO_ACCOUNT}`,
  `npm run cli -- --as ${PLATFORM} nc submit ${DEMO_ACCOUNT} --name 张三的政策笔记`,
  `npm run cli -- --as reviewer-li nc review ${DEMO_ACCOUNT} --submission 1 --approve --reason 名称合规`,
];

/**
 * The sample roster and a token for each of its entries, in DATA_DIR/tokens/<id> (readable by its
 * owner only), where `--as <id>` finds it. A token there already is kept. Needs an admin's token.
 */
async function seedRoster(api: ComplianceClient, config: Config): Promise<string[]> {
  const made: string[] = [];
  for (const o of DEMO_OPERATORS) {
    await api.roster.set(o.id, { displayName: o.displayName, roles: o.roles, reason: 'demo: the sample roster' });
    const file = tokenFileOf(config, o.id);
    if (existsSync(file)) continue;
    const { token } = await api.tokens.create({ subject: o.id, label: 'demo: sample operator' });
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${token}\n`, { mode: 0o600 });
    made.push(o.id);
  }
  return made;
}

/**
 * The sample accounts, registered by the platform service with their subjects' identities; one the
 * checks hold for review (a protected word in its name, a second pair of eyes on an organisation's) is
 * approved by the sample reviewer, so that the name-correction walk-through has its account. One
 * registered already is left as it is.
 */
async function seedAccounts(platform: ComplianceClient, reviewer: ComplianceClient): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    const subject = DEMO_SUBJECTS.find((s) => s.id === a.subjectId)!;
    try {
      const answer = await platform.accounts.register({
        accountId: a.id,
        name: a.name,
        bio: a.bio,
        contactEmail: a.contactEmail,
        contentCategory: 'contentCategory' in a ? a.contentCategory : 'general',
        subject,
        identity: DEMO_IDENTITIES.find((d) => d.subjectId === subject.id)!.claim,
      });
      if (answer.outcome === 'held') await reviewer.registration.review(a.id, { decision: 'approve', reason: 'demo: approved so that the walk-through has its accounts' });
    } catch (err) {
      const said = (rule: RegExp) => err instanceof ComplianceApiError && err.issues.some((i) => i.field === 'accountId' && rule.test(i.rule));
      if (said(/existing account/)) continue;
      if (!said(/under review/)) throw err;
      // An earlier run held it and stopped before approving, or its approval is still being carried out.
      const held = await reviewer.registration.get(a.id);
      if (held.stage === 'under_review') await reviewer.registration.review(a.id, { decision: 'approve', reason: 'demo: approved so that the walk-through has its accounts' });
    }
  }
  // An approval registers the account a moment later, in its case: within a second on an idle machine,
  // and the tests run this beside fault tests that load both cores, so allow minutes before giving up.
  const until = Date.now() + 180_000;
  for (const a of DEMO_ACCOUNTS) {
    while (!(await platform.accounts.get(a.id).then(() => true, () => false))) {
      if (Date.now() > until) throw new Error(`account ${a.id} was approved but is not registered yet: is a worker running?`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(`as an admin: the sample roster (tokens in DATA_DIR/tokens/), accounts, and a name-correction case for ${DEMO_ACCOUNT} unless it has had one`)
    .action(() =>
      run({
        work: async ({ api, config }) => {
          const tokens = await seedRoster(api, config);
          const platform = createComplianceClient({ baseUrl: config.client.apiUrl, token: readFileSync(tokenFileOf(config, PLATFORM), 'utf8').trim() });
          const reviewer = createComplianceClient({ baseUrl: config.client.apiUrl, token: readFileSync(tokenFileOf(config, REVIEWER), 'utf8').trim() });
          await seedAccounts(platform, reviewer);
          const workflowId = `${NAME_CORRECTION.kind}:${DEMO_ACCOUNT}`;
          const ui = `http://127.0.0.1:${config.temporal.devUiPort ?? 8233}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(workflowId)}`;
          const links = { ui, mail: `http://127.0.0.1:${config.mailViewerPort}`, next: NEXT, tokensMade: tokens, tokensDir: resolve(dirname(tokenFileOf(config, PLATFORM))) };
          // Any case, open or closed, means the demo ran: a second one would reopen a case the user may
          // have finished (and suspend the account again).
          const existing = await platform.nameCorrection.get(DEMO_ACCOUNT).catch((err) => {
            if (err instanceof ComplianceApiError && err.status === 404) return undefined;
            throw err;
          });
          if (existing) return { workflowId, caseRef: existing.caseRef, created: false, stage: existing.stage, ...links };
          const opened = await openOrFind(() =>
            platform.nameCorrection.open({
              accountId: DEMO_ACCOUNT,
              findings: [{ field: 'name', ground: 'implies_party_or_state_body', detail: '名称含「国务院」，足以使人误解为国家机关账号' }],
            }),
          );
          return { ...opened, stage: undefined, ...links };
        },
        human: (r) =>
          [
            `sample accounts (${DEMO_ACCOUNTS.map((a) => a.id).join(', ')}) and operators (${DEMO_OPERATORS.map((o) => o.id).join(', ')}) are on the registry and the roster`,
            `their API tokens: ${r.tokensDir}/<id>${r.tokensMade.length ? ` (made now: ${r.tokensMade.join(', ')})` : ''}; act as one with --as <id>`,
            r.created
              ? `opened ${r.caseRef} for ${DEMO_ACCOUNT}: service is suspended and the account holder notified`
              : `${DEMO_ACCOUNT} has had a name-correction case already (${r.caseRef}, ${r.stage ?? 'open'}): nothing changed`,
            `case in the Temporal UI: ${r.ui}`,
            `notices: ${r.mail}`,
            'next:',
            ...r.next.map((n) => `  ${n}`),
          ].join('\n'),
      }),
    );
}
