import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { Json } from '../client';
import { CONTENT_CATEGORIES } from '../schemas/accounts';
import type { RegistrationAnswer } from '../services/registration';
import { REGISTRATION } from '../workflows/registration/messages';
import { awaiting, type RegistrationState, type RegistrationSummary } from '../workflows/registration/state';
import { run } from './deps';
import { eventText } from './name-correction';
import { beijing, CliError, dueIn, fields, table } from './format';

/**
 * `rg …`: registration (Art. 8 ¶1, 9, 10 ¶1), through the API. A platform service registers (answered
 * at once: registered, held for review, or refused) and withdraws for the applicant; a reviewer decides.
 * The identity is read from a JSON file, never from the command line: ID and phone numbers on a command
 * line end up in shell histories and process lists.
 */

const ACCOUNT = { accountId: '<accountId>', '(input)': '<accountId>' };
const REGISTER_FLAGS = {
  ...ACCOUNT,
  name: '--name',
  'subject.id': '--subject-id',
  'subject.kind': '--subject-kind',
  'subject.displayName': '--subject-name',
  identity: '--identity-file',
  'identity.kind': '--identity-file (kind)',
  'identity.number': '--identity-file (number)',
  'identity.name': '--identity-file (name)',
  'identity.phone': '--identity-file (phone)',
  contactEmail: '--email',
  contentCategory: '--category',
  bio: '--bio',
  avatarUrl: '--avatar',
};

function readIdentity(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new CliError(`--identity-file: cannot read ${file} as JSON (${(err as Error).message.split('\n')[0]})`);
  }
}

const findingsText = (fs: { rule: string; field: string; detail: string; severity: string }[]) =>
  fs.map((f) => `  ${f.severity === 'refuse' ? 'refused' : 'review '}  ${f.field} (${f.rule}): ${f.detail}`).join('\n');

export function answerText(a: Json<RegistrationAnswer>): string {
  if (a.outcome === 'registered') return `registered ${a.account.id}「${a.account.name}」 (subject ${a.account.subjectId}, ${a.account.contentCategory})`;
  return `held for review: case ${a.caseRef} (workflow ${a.workflowId}); a reviewer decides, the applicant has been told\n${findingsText(a.findings)}`;
}

type RegistrationEvent = RegistrationState['events'][number];

/** A registration's own events in a few words; the case layer's as name correction says them. */
function registrationEventText(e: RegistrationEvent): string {
  switch (e.type) {
    case 'opened':
      return `held for review: ${e.findings.map((f) => `${f.field} (${f.rule})`).join('; ')}; review by ${beijing(e.deadline)}`;
    case 'registration_reviewed':
      return `${e.decision === 'approve' ? 'approved' : 'rejected'}: ${e.reason}`;
    case 'registration_withdrawn':
      return `withdrawn by the applicant${e.statement ? `: ${e.statement}` : ''}`;
    case 'review_escalated':
      return `review overdue since ${beijing(e.deadline)}: escalated`;
    case 'account_registered':
      return 'account registered';
    case 'registration_refused_at_approval':
      return `refused at registration: ${e.findings.map((f) => `${f.field} (${f.rule}): ${f.detail}`).join('; ')}`;
    default:
      return eventText(e as never);
  }
}

export function registrationHeader(summary: Json<RegistrationSummary>, now = Date.now()): string {
  const s = { ...summary, events: [] } as unknown as RegistrationState;
  const open = s.stage === 'under_review';
  return fields([
    ['case', `${s.caseRef} (${s.kind}, ${REGISTRATION.article})`],
    ['account', `${s.accountId}「${s.application.name}」 (${s.application.contentCategory})`],
    ['subject', `${s.application.subjectId} (${s.application.subjectKind})`],
    ['stage', s.stage],
    ['awaiting', open ? awaiting(s) : undefined],
    ['outcome', s.closure ? `${s.closure.outcome} (${s.closure.cause.replace(/_/g, ' ')})` : undefined],
    ['review by', open && s.deadline ? `${beijing(s.deadline.at)} (${dueIn(s.deadline.at, now)})` : undefined],
    ['opened', `${beijing(s.openedAt)} by ${s.openedBy}`],
    ['held for', `\n${findingsText(s.findings)}`],
  ]);
}

/** The register command's options and action, on `rg register` and `account register` alike. */
export function withRegisterOptions(cmd: Command): Command {
  return cmd
    .description('register an account: its subject identity verified, then registered, held for review or refused (a platform service)')
    .requiredOption('--name <name>', 'the account name')
    .requiredOption('--subject-id <id>', 'the subject (the person or organisation behind the account)')
    .addOption(new Option('--subject-kind <kind>', 'the kind of subject').choices(['individual', 'organisation']).makeOptionMandatory())
    .requiredOption('--subject-name <name>', "the subject's name as shown")
    .requiredOption('--identity-file <path>', 'JSON {kind, number, name, phone}: resident_id for a person, credit_code for an organisation')
    .requiredOption('--email <address>', "the subject's contact address: notices go there")
    .addOption(new Option('--category <category>', 'content category (Art. 9)').choices([...CONTENT_CATEGORIES]).makeOptionMandatory())
    .option('--bio <bio>')
    .option('--avatar <url>', 'an https:// URL')
    .action(
      (
        accountId: string,
        o: { name: string; subjectId: string; subjectKind: 'individual' | 'organisation'; subjectName: string; identityFile: string; email: string; category: (typeof CONTENT_CATEGORIES)[number]; bio?: string; avatar?: string },
      ) =>
        run({
          flags: REGISTER_FLAGS,
          work: ({ api }) =>
            api.registration.register({
              accountId,
              name: o.name,
              subject: { id: o.subjectId, kind: o.subjectKind, displayName: o.subjectName },
              identity: readIdentity(o.identityFile) as never,
              contactEmail: o.email,
              contentCategory: o.category,
              bio: o.bio,
              avatarUrl: o.avatar,
            }),
          human: answerText,
        }),
    );
}

export function registerRegistration(program: Command): void {
  const rg = program.command('rg').alias('registration').description('registration of accounts (Art. 8 ¶1, 9, 10 ¶1)');

  withRegisterOptions(rg.command('register <accountId>'));

  rg.command('show <accountId>')
    .description('a held registration: stage, findings, review deadline, every event')
    .action((accountId: string) =>
      run({
        flags: ACCOUNT,
        work: ({ api }) => api.registration.get(accountId),
        human: (s) => {
          const events = table(
            ['#', 'TIME (北京时间)', 'BY', 'WHAT'],
            s.events.map((e) => [String(e.seq), beijing(e.at, { seconds: true, label: false }), e.by, registrationEventText(e as RegistrationEvent)]),
            '  ',
          );
          return [registrationHeader(s), '', 'events:', events].join('\n');
        },
      }),
    );

  rg.command('review <accountId>')
    .description('approve (the account is registered) or reject a held registration (reviewer)')
    .option('--approve', 'approve it: the account is registered')
    .option('--reject', 'reject it: nothing is registered, the applicant is told why')
    .requiredOption('--reason <text>', 'why (goes into the record, and to the applicant on a rejection)')
    .action((accountId: string, o: { approve?: boolean; reject?: boolean; reason: string }) => {
      if (!!o.approve === !!o.reject) throw new CliError('give exactly one of --approve, --reject');
      return run({
        flags: { ...ACCOUNT, reason: '--reason', decision: '--approve/--reject' },
        work: ({ api }) => api.registration.review(accountId, { decision: o.approve ? 'approve' : 'reject', reason: o.reason }),
        human: (s) => `registration ${o.approve ? 'approved' : 'rejected'}\n${registrationHeader(s)}`,
      });
    });

  rg.command('withdraw <accountId>')
    .description('the applicant withdraws a held registration (a platform service, for the applicant)')
    .option('--statement <text>', "the applicant's statement")
    .action((accountId: string, o: { statement?: string }) =>
      run({
        flags: { ...ACCOUNT, statement: '--statement' },
        work: ({ api }) => api.registration.withdraw(accountId, { statement: o.statement }),
        human: (s) => `registration withdrawn\n${registrationHeader(s)}`,
      }),
    );
}
