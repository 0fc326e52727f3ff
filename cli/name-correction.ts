import { Option, type Command } from 'commander';
import { CaseExistsError } from '../client';
import { GROUNDS } from '../schemas/name-correction';
import type { SubmissionResult } from '../workflows/name-correction/messages';
import { NAME_CORRECTION } from '../workflows/name-correction/messages';
import { awaiting, deadlineRunning, type NameCorrectionState, type NameCorrectionSummary, type Submission } from '../workflows/name-correction/state';
import { run } from './deps';
import { beijing, dueIn, fields, table, CliError } from './format';

/**
 * `nc …`: name-correction cases (Art. 8 ¶2–3), through the API. Who acts is the caller's token (see
 * --as and --token-file): a platform service's for open, submit and refuse (the holder's own actions,
 * sent on their behalf), an operator's own for review, extend and withdraw.
 */

// Every nc command names the account as its argument; the API checks it first.
const ACCOUNT = { accountId: '<accountId>', '(input)': '<accountId>' };
const OPERATOR = { ...ACCOUNT, reason: '--reason' };

/** Stage, deadline and outcome: what every action's answer and `nc show` begin with. */
export function caseHeader(summary: NameCorrectionSummary, now = Date.now()): string {
  // The summary is the state without its events; the state's rules read neither.
  const s: NameCorrectionState = { ...summary, events: [] };
  const decided = s.closure !== undefined || ['restored', 'terminated', 'withdrawn'].includes(s.stage);
  const d = s.deadline;
  let deadline: string | undefined;
  if (d) {
    const paused = s.stage.startsWith('termination_')
      ? 'no longer running: the termination awaits four eyes'
      : `paused while ${s.stage === 'checking' ? 'the checks run' : 'under review'}`;
    const note = decided ? '' : deadlineRunning(s) ? ` (${dueIn(d.at, now)})` : ` (${paused}; ${dueIn(d.at, now)})`;
    deadline = `${beijing(d.at)}${note}`;
  }
  return fields([
    ['case', `${s.caseRef} (${s.kind}, ${NAME_CORRECTION.article})`],
    ['account', s.accountId],
    ['stage', s.stage],
    ['awaiting', decided ? undefined : awaiting(s)],
    // "restored (approved)", "terminated (deadline passed)"; "withdrawn" says it all.
    ['outcome', s.closure ? (s.closure.cause === s.closure.outcome ? s.closure.outcome : `${s.closure.outcome} (${s.closure.cause.replace(/_/g, ' ')})`) : undefined],
    ['deadline', deadline],
    ['opened', `${beijing(s.openedAt)} by ${s.openedBy}`],
  ]);
}

function profileText(p: Submission['profile']): string {
  const parts: string[] = [];
  if (p.name !== undefined) parts.push(`name「${p.name}」`);
  if (p.avatarUrl !== undefined) parts.push(`avatar ${p.avatarUrl}`);
  if (p.bio !== undefined) parts.push(`bio「${p.bio}」`);
  return parts.join(', ');
}

function checksText(sub: Pick<Submission, 'passed' | 'findings'>): string {
  if (sub.passed === undefined) return 'checks running';
  const found = (sub.findings ?? []).map((f) => `${f.field} ${f.rule.replace(/_/g, ' ')}${f.blocking ? '' : ' (for the reviewer)'}: ${f.detail}`);
  return `${sub.passed ? 'passed the automatic checks' : 'failed the automatic checks'}${found.length ? ` — ${found.join('; ')}` : ''}`;
}

function submissionsText(subs: Submission[]): string {
  if (!subs.length) return 'submissions: none yet';
  const lines = ['submissions:'];
  for (const s of subs) {
    lines.push(`  #${s.no}  ${beijing(s.at)}  ${profileText(s.profile)}`);
    lines.push(`       ${checksText(s)}`);
    if (s.review) lines.push(`       ${s.review.decision === 'approve' ? 'approved' : 'rejected'} by ${s.review.by}, ${beijing(s.review.at)}: ${s.review.reason}`);
  }
  return lines.join('\n');
}

type AnyEvent = NameCorrectionState['events'][number];

/** What an event says happened, in a few words. Unknown types (a newer worker's) show their fields. */
export function eventText(e: AnyEvent): string {
  switch (e.type) {
    case 'opened':
      return `case opened: ${e.findings.map((f) => `${f.field} ${f.ground.replace(/_/g, ' ')} (${f.detail})`).join('; ')}; deadline ${beijing(e.deadline)}`;
    case 'correction_submitted':
      return `correction ${e.submissionNo} submitted: ${profileText(e.profile)}`;
    case 'correction_checked':
      return `correction ${e.submissionNo} ${checksText(e)}`;
    case 'correction_reviewed':
      return `correction ${e.submissionNo} ${e.decision === 'approve' ? 'approved' : 'rejected'}: ${e.reason}`;
    case 'correction_refused':
      return `the account holder refused to correct${e.statement ? `: ${e.statement}` : ''}`;
    case 'case_withdrawn':
      return `case withdrawn: ${e.reason}`;
    case 'profile_applied':
      return `correction ${e.submissionNo} applied to the account`;
    case 'name_reserved':
      return 'name reserved for good (Art. 8 ¶3)';
    case 'deadline_extended':
      return `deadline moved from ${beijing(e.from)} to ${beijing(e.to)}: ${e.reason}`;
    case 'deadline_passed':
      return `deadline ${beijing(e.deadline)} passed`;
    case 'reminder_sent':
    case 'reminder_skipped': {
      // The slot is "<deadline>|<ms before it>".
      const [at, before] = e.slot.split('|');
      const when = at && before ? ` (${Number(before) / 3_600_000} h before ${beijing(at)})` : '';
      return `reminder ${e.type === 'reminder_sent' ? 'sent' : 'skipped'}${when}`;
    }
    case 'notice_sent':
      return `notice sent: ${e.kind}`;
    case 'notice_failed':
      return `notice undeliverable: ${e.kind}`;
    case 'measure_imposed':
      return `measure imposed: ${e.measure}`;
    case 'measure_lifted':
      return `measure lifted: ${e.measure}`;
    case 'closed':
      return `case closed: ${e.outcome}`;
    default: {
      const { seq: _seq, at: _at, by: _by, type, ...rest } = e as { seq: number; at: string; by: string; type: string };
      return `${type.replace(/_/g, ' ')} ${JSON.stringify(rest)}`;
    }
  }
}

export function showCase(s: NameCorrectionState, now = Date.now()): string {
  const events = table(
    ['#', 'TIME (北京时间)', 'BY', 'WHAT'],
    s.events.map((e) => [String(e.seq), beijing(e.at, { seconds: true, label: false }), e.by, eventText(e)]),
    '  ',
  );
  return [caseHeader(s, now), '', submissionsText(s.submissions), '', 'events:', events].join('\n');
}

interface Opened {
  workflowId: string;
  caseRef: string;
  created: boolean;
}

function openedText(o: Opened, accountId: string): string {
  return o.created
    ? `opened ${o.caseRef} for ${accountId}: service suspended, the account holder notified (workflow ${o.workflowId})`
    : `${accountId} already has an open case, ${o.caseRef}: nothing opened (workflow ${o.workflowId})`;
}

/** A second open is not a failure for the CLI: it says which case is open (the API's 409 carries it). */
export async function openOrFind(open: () => Promise<{ workflowId: string; caseRef: string }>): Promise<Opened> {
  try {
    return { ...(await open()), created: true };
  } catch (err) {
    if (err instanceof CaseExistsError) return { ...err.existing, created: false };
    throw err;
  }
}

function submittedText(r: SubmissionResult): string {
  const lines = [`correction ${r.submissionNo} submitted: ${checksText(r)}`];
  lines.push(
    r.passed
      ? `stage: ${r.stage}; a reviewer decides next (deadline ${beijing(r.deadline)}, paused while under review)`
      : `stage: ${r.stage}; the account holder may submit again before ${beijing(r.deadline)} (${dueIn(r.deadline)})`,
  );
  return lines.join('\n');
}

export function registerNameCorrection(program: Command): void {
  const nc = program.command('nc').alias('name-correction').description('name-correction cases (Art. 8 ¶2–3)');

  nc.command('open <accountId>')
    .description('open a case: suspends service and notifies the account with a deadline')
    .addOption(new Option('--field <field>', 'the field that failed').choices(['name', 'avatar', 'bio']).default('name'))
    .addOption(new Option('--ground <ground>', 'why it failed').choices([...GROUNDS]).makeOptionMandatory())
    .requiredOption('--detail <text>', 'what exactly is wrong')
    .action((accountId: string, o: { field: 'name' | 'avatar' | 'bio'; ground: (typeof GROUNDS)[number]; detail: string }) =>
      run({
        flags: { ...ACCOUNT, findings: '--field/--ground/--detail', 'findings.0.field': '--field', 'findings.0.ground': '--ground', 'findings.0.detail': '--detail' },
        work: ({ api }) => openOrFind(() => api.nameCorrection.open({ accountId, findings: [{ field: o.field, ground: o.ground, detail: o.detail }] })),
        human: (out) => openedText(out, accountId),
      }),
    );

  nc.command('submit <accountId>')
    .description("submit the account holder's correction (checked automatically)")
    .option('--name <name>', 'the new name')
    .option('--avatar <url>', 'the new avatar, an https:// URL')
    .option('--bio <bio>', 'the new bio')
    .action((accountId: string, o: { name?: string; avatar?: string; bio?: string }) =>
      run({
        flags: { ...ACCOUNT, profile: '', 'profile.name': '--name', 'profile.avatarUrl': '--avatar', 'profile.bio': '--bio' },
        work: ({ api }) => api.nameCorrection.submit(accountId, { profile: { name: o.name, avatarUrl: o.avatar, bio: o.bio } }),
        human: (r) => submittedText(r as SubmissionResult),
      }),
    );

  nc.command('refuse <accountId>')
    .description('the account holder refuses to correct: service is terminated')
    .option('--statement <text>', "the account holder's statement")
    .action((accountId: string, o: { statement?: string }) =>
      run({
        flags: { ...ACCOUNT, statement: '--statement' },
        work: ({ api }) => api.nameCorrection.refuse(accountId, { statement: o.statement }),
        human: (s) => `refusal recorded: service will be terminated\n${caseHeader(s as NameCorrectionSummary)}`,
      }),
    );

  nc.command('review <accountId>')
    .description('approve or reject the correction under review (reviewer)')
    .requiredOption('--submission <n>', 'the number of the correction under review', (v) => Number(v))
    .option('--approve', 'approve it: the profile is applied and service restored')
    .option('--reject', 'reject it: the account holder may submit again')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { submission: number; approve?: boolean; reject?: boolean; reason: string }) => {
      // A mistake in the flags alone is told before anything is sent.
      if (!!o.approve === !!o.reject) throw new CliError('give exactly one of --approve, --reject');
      return run({
        flags: { ...OPERATOR, submissionNo: '--submission', decision: '--approve/--reject' },
        work: ({ api }) => api.nameCorrection.review(accountId, { reason: o.reason, submissionNo: o.submission, decision: o.approve ? 'approve' : 'reject' }),
        human: (s) => `correction ${o.submission} ${o.approve ? 'approved' : 'rejected'}\n${caseHeader(s as NameCorrectionSummary)}`,
      });
    });

  nc.command('extend <accountId>')
    .description('move the deadline later (supervisor)')
    .requiredOption('--until <iso>', 'the new deadline, e.g. 2026-12-05T18:00:00+08:00')
    .requiredOption('--reason <text>', 'why (goes into the record and the notice)')
    .action((accountId: string, o: { until: string; reason: string }) =>
      run({
        flags: { ...OPERATOR, newDeadline: '--until' },
        work: ({ api }) => api.nameCorrection.extendDeadline(accountId, { reason: o.reason, newDeadline: o.until }),
        human: (s) => `deadline extended\n${caseHeader(s as NameCorrectionSummary)}`,
      }),
    );

  nc.command('withdraw <accountId>')
    .description('withdraw a false positive: service is restored (supervisor)')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { reason: string }) =>
      run({
        flags: OPERATOR,
        work: ({ api }) => api.nameCorrection.withdraw(accountId, { reason: o.reason }),
        human: (s) => `case withdrawn: service will be restored\n${caseHeader(s as NameCorrectionSummary)}`,
      }),
    );

  // Four eyes on terminating service: one operator proposes once it is due, a second supervisor decides.
  nc.command('propose-termination <accountId>')
    .description('propose terminating service, once the termination is due (reviewer or supervisor)')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { reason: string }) =>
      run({
        flags: OPERATOR,
        work: ({ api }) => api.nameCorrection.proposeTermination(accountId, { reason: o.reason }),
        human: (s) => `termination proposed: a second supervisor confirms or rejects it\n${caseHeader(s as NameCorrectionSummary)}`,
      }),
    );

  for (const [verb, done] of [
    ['confirm', 'termination confirmed: service will be terminated'],
    ['reject', 'termination proposal rejected'],
  ] as const) {
    nc.command(`${verb}-termination <accountId>`)
      .description(`${verb} a termination proposal (a supervisor other than the proposer)`)
      .requiredOption('--proposal <n>', 'the number of the proposal', (v) => Number(v))
      .requiredOption('--reason <text>', 'why (goes into the record)')
      .action((accountId: string, o: { proposal: number; reason: string }) =>
        run({
          flags: { ...OPERATOR, proposalNo: '--proposal' },
          work: ({ api }) =>
            verb === 'confirm'
              ? api.nameCorrection.confirmTermination(accountId, { reason: o.reason, proposalNo: o.proposal })
              : api.nameCorrection.rejectTermination(accountId, { reason: o.reason, proposalNo: o.proposal }),
          human: (s) => `${done}\n${caseHeader(s as NameCorrectionSummary)}`,
        }),
      );
  }

  nc.command('show <accountId>')
    .description('the case: stage, deadline, submissions with their checks and reviews, every event')
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.nameCorrection.get(accountId),
        human: (s) => showCase(s as NameCorrectionState),
      }),
    );
}
