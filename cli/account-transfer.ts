import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ACCOUNT_TRANSFER } from '../workflows/account-transfer/messages';
import { awaiting, type AccountTransferState, type AccountTransferSummary, type ReceiverCheck } from '../workflows/account-transfer/state';
import { run } from './deps';
import { beijing, CliError, dueIn, fields } from './format';

/**
 * `at …`: account transfers (Art. 11 ¶2), through the API. A platform service's token opens one and
 * sends the parties' own actions (confirm, receiver-confirm, supply-materials, withdraw); an
 * operator's own token reviews and confirms the approval.
 */

const ACCOUNT = { accountId: '<accountId>', '(input)': '<accountId>' };
const OPERATOR = { ...ACCOUNT, reason: '--reason' };

/** Stage, who must act, deadline and outcome: what every answer begins with. */
export function transferHeader(summary: AccountTransferSummary, now = Date.now()): string {
  const s: AccountTransferState = { ...summary, events: [] };
  const d = s.deadline;
  return fields([
    ['case', `${s.caseRef} (${s.kind}, ${ACCOUNT_TRANSFER.article})`],
    ['account', s.accountId],
    ['from', s.holderSubjectId],
    ['to', `${s.receiver.subjectId} (${s.receiver.kind}, ${s.receiver.numberMasked}${s.receiver.verified ? ', verified' : ', not verified'})`],
    ['stage', s.stage],
    ['awaiting', s.closure ? undefined : awaiting(s)],
    ['outcome', s.closure ? `${s.closure.outcome} (${s.closure.cause.replace(/_/g, ' ')})` : undefined],
    ['deadline', d && !s.closure ? `${beijing(d.at)} (${d.purpose ?? ''}; ${dueIn(d.at, now)})` : undefined],
    ['effective', s.effectiveAt ? beijing(s.effectiveAt) : undefined],
  ]);
}

const checkText = (c: ReceiverCheck) =>
  [`check ${c.checkNo}: ${c.outcome.replace(/_/g, ' ')}`, ...c.findings.map((f) => `  ${f.severity} ${f.rule} (${f.field}): ${f.detail}`)].join('\n');

export function registerAccountTransfer(program: Command): void {
  const at = program.command('at').alias('account-transfer').description('account transfers (Art. 11 ¶2)');

  at.command('open <accountId>')
    .description("the holder's application (platform service): the receiving side is checked as for a registration")
    .requiredOption('--holder <subjectId>', 'the subject holding the account now')
    .requiredOption('--receiver-file <path>', 'JSON { subject: {id, kind, displayName}, identity: {kind, number, name, phone}, contactEmail } (a file: identity numbers stay out of the shell history)')
    .option('--reason <text>', "the holder's reason")
    .action((accountId: string, o: { holder: string; receiverFile: string; reason?: string }) => {
      let receiver: unknown;
      try {
        receiver = JSON.parse(readFileSync(o.receiverFile, 'utf8'));
      } catch (err) {
        throw new CliError(`--receiver-file: cannot read JSON from ${o.receiverFile}: ${(err as Error).message}`);
      }
      return run({
        flags: { ...ACCOUNT, holderSubjectId: '--holder', reason: '--reason', receiver: '--receiver-file' },
        work: ({ api }) => api.accountTransfer.open({ accountId, holderSubjectId: o.holder, receiver: receiver as never, ...(o.reason ? { reason: o.reason } : {}) }),
        human: (r) => `opened ${r.caseRef} for ${accountId}: the receiving side is being checked (workflow ${r.workflowId})`,
      });
    });

  at.command('show <accountId>')
    .description('the transfer as it stands: stage, who must act, deadline, checks')
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.accountTransfer.get(accountId),
        human: (s) => [transferHeader(s as unknown as AccountTransferSummary), '', ...(s as unknown as AccountTransferState).checks.map(checkText)].join('\n'),
      }),
    );

  for (const [name, party] of [
    ['confirm', 'the account holder'],
    ['receiver-confirm', 'the receiving side'],
  ] as const) {
    at.command(`${name} <accountId>`)
      .description(`${party} confirms (platform service, on their behalf)`)
      .option('--statement <text>', 'a statement for the record')
      .action((accountId: string, o: { statement?: string }) =>
        run({
          flags: { ...ACCOUNT, statement: '--statement' },
          work: ({ api }) => (name === 'confirm' ? api.accountTransfer.confirm : api.accountTransfer.receiverConfirm)(accountId, o.statement ? { statement: o.statement } : {}),
          human: (s) => `${party} confirmed\n${transferHeader(s as unknown as AccountTransferSummary)}`,
        }),
      );
  }

  at.command('supply-materials <accountId>')
    .description('the receiving side supplies what its check asked for (platform service); the check runs again')
    .requiredOption('--note <text>', 'what is supplied')
    .option('--qualification <id...>', 'qualifications submitted since (POST /v1/qualifications)')
    .action((accountId: string, o: { note: string; qualification?: string[] }) =>
      run({
        flags: { ...ACCOUNT, note: '--note', qualificationIds: '--qualification' },
        work: ({ api }) => api.accountTransfer.supplyMaterials(accountId, { note: o.note, ...(o.qualification ? { qualificationIds: o.qualification.map(Number) } : {}) }),
        human: (c) => checkText(c as ReceiverCheck),
      }),
    );

  at.command('withdraw <accountId>')
    .description('the holder withdraws the application (platform service), any time before the subject changes')
    .option('--reason <text>', 'why')
    .action((accountId: string, o: { reason?: string }) =>
      run({
        flags: OPERATOR,
        work: ({ api }) => api.accountTransfer.withdraw(accountId, o.reason ? { reason: o.reason } : {}),
        human: (s) => `application withdrawn\n${transferHeader(s as unknown as AccountTransferSummary)}`,
      }),
    );

  at.command('review <accountId>')
    .description('approve or reject the transfer, having seen the findings (reviewer)')
    .option('--approve', 'approve: a second supervisor confirms next')
    .option('--reject', 'reject: the transfer ends')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { approve?: boolean; reject?: boolean; reason: string }) => {
      if (!!o.approve === !!o.reject) throw new CliError('give exactly one of --approve, --reject');
      return run({
        flags: { ...OPERATOR, decision: '--approve/--reject' },
        work: ({ api }) => api.accountTransfer.review(accountId, { decision: o.approve ? 'approve' : 'reject', reason: o.reason }),
        human: (s) => `transfer ${o.approve ? 'approved' : 'rejected'}\n${transferHeader(s as unknown as AccountTransferSummary)}`,
      });
    });

  at.command('confirm-approval <accountId>')
    .description('four eyes: confirm or reject the approval (a supervisor, not the approver)')
    .option('--confirm', 'confirm: followers are told and the notice period runs')
    .option('--reject', 'reject: the transfer ends')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((accountId: string, o: { confirm?: boolean; reject?: boolean; reason: string }) => {
      if (!!o.confirm === !!o.reject) throw new CliError('give exactly one of --confirm, --reject');
      return run({
        flags: { ...OPERATOR, decision: '--confirm/--reject' },
        work: ({ api }) => api.accountTransfer.confirmApproval(accountId, { decision: o.confirm ? 'confirm' : 'reject', reason: o.reason }),
        human: (s) => `approval ${o.confirm ? 'confirmed' : 'rejected'}\n${transferHeader(s as unknown as AccountTransferSummary)}`,
      });
    });

  at.command('notices <accountId>')
    .description("the account's public notices (no credential needed)")
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.publicNotices(accountId),
        human: (r) => r.notices.map((n) => `${beijing(n.publishedAt)}  ${n.title}\n  ${n.body.replace(/\n+/g, '\n  ')}`).join('\n\n') || 'no public notices',
      }),
    );
}
