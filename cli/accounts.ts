import { Option, type Command } from 'commander';
import type { Json } from '../client';
import { CONTENT_CATEGORIES } from '../schemas/accounts';
import type { AccountView } from '../services/accounts';
import type { Account } from '../store/accounts';
import { run } from './deps';
import { withRegisterOptions } from './registration';
import { beijing, fields, table } from './format';

/** `account register|update|show`: the registry, through the API (/v1/accounts). */

const ACCOUNT_FLAGS = {
  id: '<id>',
  accountId: '<id>',
  '(input)': '<id>',
  name: '--name',
  contactEmail: '--email',
  contentCategory: '--category',
  bio: '--bio',
  avatarUrl: '--avatar',
};

function accountText(a: Json<Account>): string {
  return fields([
    ['account', a.id],
    ['name', a.name],
    ['status', a.status],
    ['subject', a.subjectId],
    ['email', a.contactEmail],
    ['category', a.contentCategory],
    ['bio', a.bio || '(none)'],
    ['avatar', a.avatarUrl ?? '(none)'],
  ]);
}

export function viewText(v: Json<AccountView>): string {
  const measures = v.measures.length
    ? table(
        ['CASE', 'MEASURE', 'SINCE (北京时间)', 'ARTICLE', 'BY'],
        v.measures.map((m) => [m.caseRef ?? '-', m.kind, beijing(m.startedAt, { label: false }), m.article ?? '-', m.imposedBy]),
        '  ',
      )
    : '  none';
  return `${accountText(v.account)}\n\nmeasures in force:\n${measures}`;
}

const category = () => new Option('--category <category>', 'content category (Art. 9)').choices([...CONTENT_CATEGORIES]);

export function registerAccounts(program: Command): void {
  const account = program.command('account').description('the account registry: register, update, show');

  // The registry is fed by registration: the same command as `rg register`.
  withRegisterOptions(account.command('register <accountId>'));

  account
    .command('update <id>')
    .description("change an account's own fields (measures change only through cases)")
    .option('--name <name>')
    .option('--email <address>')
    .addOption(category())
    .option('--bio <bio>')
    .option('--avatar <url>', 'an https:// URL')
    .action((id: string, o: { name?: string; email?: string; category?: (typeof CONTENT_CATEGORIES)[number]; bio?: string; avatar?: string }) =>
      run({
        // The "change at least one" rule is on the whole input: it has no flag of its own.
        flags: { ...ACCOUNT_FLAGS, '(input)': '' },
        work: ({ api }) => api.accounts.update(id, { name: o.name, contactEmail: o.email, contentCategory: o.category, bio: o.bio, avatarUrl: o.avatar }),
        human: (a) => `updated ${a.id}\n${accountText(a)}`,
      }),
    );

  account
    .command('show <id>')
    .description('the account, its status and the measures in force')
    .action((id: string) =>
      run({
        flags: ACCOUNT_FLAGS,
        work: ({ api }) => api.accounts.get(id),
        human: viewText,
      }),
    );
}
