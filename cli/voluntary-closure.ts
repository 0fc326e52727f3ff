import type { Command } from 'commander';
import { VOLUNTARY_CLOSURE } from '../workflows/voluntary-closure/messages';
import { awaiting, deadlineRunning, type VoluntaryClosureState, type VoluntaryClosureSummary } from '../workflows/voluntary-closure/state';
import { caseViewEvents, caseViewHeader } from './case-view';
import { run } from './deps';
import { CliError } from './format';
import { openOrFind } from './name-correction';

/**
 * `vc …`: the holder's own suspension or closure (Art. 11 ¶3), through the API. A platform service's
 * token applies, resumes and cancels for the holder; a supervisor's stops a closure.
 */
const ACCOUNT = { accountId: '<accountId>', '(input)': '<accountId>' };

const header = (summary: VoluntaryClosureSummary) => {
  const s: VoluntaryClosureState = { ...summary, events: [] };
  return caseViewHeader(s, { article: VOLUNTARY_CLOSURE.article, awaiting: awaiting(s), running: deadlineRunning(s) });
};

export function registerVoluntaryClosure(program: Command): void {
  const vc = program.command('vc').alias('voluntary-closure').description("the holder's own suspension or closure (Art. 11 ¶3)");

  vc.command('apply <accountId>')
    .description("the holder applies to suspend or close their account (a platform service, for the holder)")
    .requiredOption('--holder <subjectId>', "the applicant's subject id: must be the account's")
    .option('--suspend', 'suspend updates, until --until or until the holder resumes')
    .option('--close', 'close the account after a freeze (by follower count) during which the holder may cancel')
    .requiredOption('--followers <n>', "the account's follower count", (v) => Number(v))
    .option('--until <iso>', "a suspension's end, e.g. 2027-01-01T00:00:00+08:00")
    .option('--reason <text>', "the holder's reason")
    .action((accountId: string, o: { holder: string; suspend?: boolean; close?: boolean; followers: number; until?: string; reason?: string }) => {
      if (!!o.suspend === !!o.close) throw new CliError('give exactly one of --suspend, --close');
      return run({
        flags: { ...ACCOUNT, holderSubjectId: '--holder', request: '--suspend/--close', followers: '--followers', until: '--until', reason: '--reason' },
        work: ({ api }) =>
          openOrFind(() =>
            api.voluntaryClosure.apply({
              accountId,
              holderSubjectId: o.holder,
              request: o.suspend ? 'suspend' : 'close',
              followers: o.followers,
              ...(o.until ? { until: o.until } : {}),
              ...(o.reason ? { reason: o.reason } : {}),
            }),
          ),
        human: (out) => (out.created ? `applied: ${out.caseRef} for ${accountId}; the holder is e-mailed the date` : `${accountId} already has an open application, ${out.caseRef}`),
      });
    });

  vc.command('resume <accountId>')
    .description('the holder ends their suspension (a platform service, for the holder)')
    .action((accountId: string) => run({ flags: ACCOUNT, work: ({ api }) => api.voluntaryClosure.resume(accountId), human: (s) => `resumed\n${header(s)}` }));

  vc.command('cancel <accountId>')
    .description('the holder cancels their closure during the freeze (a platform service, for the holder)')
    .option('--reason <text>', "the holder's reason")
    .action((accountId: string, o: { reason?: string }) =>
      run({ flags: { ...ACCOUNT, reason: '--reason' }, work: ({ api }) => api.voluntaryClosure.cancel(accountId, o.reason ? { reason: o.reason } : {}), human: (s) => `closure cancelled\n${header(s)}` }),
    );

  vc.command('stop <accountId>')
    .description('stop a closure during its freeze, e.g. a legal hold (supervisor)')
    .requiredOption('--reason <text>', 'why (goes into the record and the notice)')
    .action((accountId: string, o: { reason: string }) =>
      run({ flags: { ...ACCOUNT, reason: '--reason' }, work: ({ api }) => api.voluntaryClosure.stop(accountId, { reason: o.reason }), human: (s) => `closure stopped\n${header(s)}` }),
    );

  vc.command('show <accountId>')
    .description('the application: stage, the date that matters, every event')
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.voluntaryClosure.get(accountId),
        human: (s) => [header(s), '', `request: ${s.request} (${s.followers} followers)`, '', caseViewEvents(s.events as Parameters<typeof caseViewEvents>[0])].join('\n'),
      }),
    );
}
