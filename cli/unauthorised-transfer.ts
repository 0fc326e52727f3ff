import { Option, type Command } from 'commander';
import { TRANSFER_SIGNALS } from '../schemas/unauthorised-transfer';
import { UNAUTHORISED_TRANSFER } from '../workflows/unauthorised-transfer/messages';
import { awaiting, deadlineRunning, type UnauthorisedTransferState, type UnauthorisedTransferSummary } from '../workflows/unauthorised-transfer/state';
import { caseViewEvents, caseViewHeader } from './case-view';
import { run } from './deps';
import { CliError } from './format';
import { openOrFind } from './name-correction';

/**
 * `ut …`: unauthorised-transfer cases (Art. 11 ¶2), through the API. A platform service's token reports
 * and answers for the holder; an operator's own token decides, withdraws and takes the four-eyes steps.
 */
const ACCOUNT = { accountId: '<accountId>', '(input)': '<accountId>' };
const OPERATOR = { ...ACCOUNT, reason: '--reason' };

const header = (summary: UnauthorisedTransferSummary) => {
  const s: UnauthorisedTransferState = { ...summary, events: [] };
  return caseViewHeader(s, { article: UNAUTHORISED_TRANSFER.article, awaiting: awaiting(s), running: deadlineRunning(s) });
};

export function registerUnauthorisedTransfer(program: Command): void {
  const ut = program.command('ut').alias('unauthorised-transfer').description('unauthorised-transfer cases (Art. 11 ¶2)');

  ut.command('report <accountId>')
    .description('report an account that changed hands without approval: service is suspended and the holder told')
    .addOption(new Option('--signal <signal...>', 'what was seen').choices([...TRANSFER_SIGNALS]).makeOptionMandatory())
    .requiredOption('--observed-at <iso>', 'when, e.g. 2026-11-30T09:00:00+08:00')
    .requiredOption('--detail <text>', 'what was seen, in words (no personal data)')
    .option('--listing-url <url>', 'the sale listing, if any')
    .action((accountId: string, o: { signal: (typeof TRANSFER_SIGNALS)[number][]; observedAt: string; detail: string; listingUrl?: string }) =>
      run({
        flags: { ...ACCOUNT, 'evidence.signals': '--signal', 'evidence.observedAt': '--observed-at', 'evidence.detail': '--detail', 'evidence.listingUrl': '--listing-url' },
        work: ({ api }) =>
          openOrFind(() =>
            api.unauthorisedTransfer.report({ accountId, evidence: { signals: o.signal, observedAt: o.observedAt, detail: o.detail, ...(o.listingUrl ? { listingUrl: o.listingUrl } : {}) } }),
          ),
        human: (out) => (out.created ? `reported ${out.caseRef} for ${accountId}: service suspended, the holder notified` : `${accountId} already has an open case, ${out.caseRef}`),
      }),
    );

  ut.command('respond <accountId>')
    .description("the holder's answer to the report (a platform service, for the holder)")
    .requiredOption('--statement <text>', "the holder's statement")
    .action((accountId: string, o: { statement: string }) =>
      run({ flags: { ...ACCOUNT, statement: '--statement' }, work: ({ api }) => api.unauthorisedTransfer.respond(accountId, { statement: o.statement }), human: (s) => `answer recorded\n${header(s)}` }),
    );

  ut.command('decide <accountId>')
    .description('restore service, or decide to terminate it (four eyes follow) (reviewer)')
    .option('--restore', 'the report does not hold: service is restored')
    .option('--terminate', 'the account was transferred: termination becomes due (propose, then a second supervisor confirms)')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { restore?: boolean; terminate?: boolean; reason: string }) => {
      if (!!o.restore === !!o.terminate) throw new CliError('give exactly one of --restore, --terminate');
      return run({
        flags: { ...OPERATOR, decision: '--restore/--terminate' },
        work: ({ api }) => api.unauthorisedTransfer.decide(accountId, { decision: o.restore ? 'restore' : 'terminate', reason: o.reason }),
        human: (s) => `decided: ${o.restore ? 'restore' : 'terminate'}\n${header(s)}`,
      });
    });

  ut.command('withdraw <accountId>')
    .description('withdraw a false report: the suspension is lifted (supervisor)')
    .requiredOption('--reason <text>', 'why (goes into the record and the notice)')
    .action((accountId: string, o: { reason: string }) =>
      run({ flags: OPERATOR, work: ({ api }) => api.unauthorisedTransfer.withdraw(accountId, { reason: o.reason }), human: (s) => `report withdrawn\n${header(s)}` }),
    );

  ut.command('propose-termination <accountId>')
    .description('propose terminating service, once a reviewer decided to (reviewer or supervisor)')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { reason: string }) =>
      run({ flags: OPERATOR, work: ({ api }) => api.unauthorisedTransfer.proposeTermination(accountId, { reason: o.reason }), human: (s) => `termination proposed\n${header(s)}` }),
    );

  for (const verb of ['confirm', 'reject'] as const) {
    ut.command(`${verb}-termination <accountId>`)
      .description(`${verb} a termination proposal (a second supervisor: not the proposer, the opener or the decider)`)
      .requiredOption('--proposal <n>', 'the proposal number', (v) => Number(v))
      .requiredOption('--reason <text>', 'why (goes into the record)')
      .action((accountId: string, o: { proposal: number; reason: string }) =>
        run({
          flags: { ...OPERATOR, proposalNo: '--proposal' },
          work: ({ api }) => (verb === 'confirm' ? api.unauthorisedTransfer.confirmTermination : api.unauthorisedTransfer.rejectTermination)(accountId, { proposalNo: o.proposal, reason: o.reason }),
          human: (s) => `termination ${verb}ed\n${header(s)}`,
        }),
      );
  }

  ut.command('show <accountId>')
    .description('the case: stage, deadline, the report, the answer, every event')
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.unauthorisedTransfer.get(accountId),
        human: (s) =>
          [
            header(s),
            '',
            `report: ${s.evidence.signals.join(', ')} seen ${s.evidence.observedAt}: ${s.evidence.detail}`,
            `answer: ${s.response ? s.response.statement : s.unanswered ? 'none by the deadline' : 'none yet'}`,
            '',
            caseViewEvents(s.events as Parameters<typeof caseViewEvents>[0]),
          ].join('\n'),
      }),
    );
}
