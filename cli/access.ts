import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { ROLES, type Role } from '../rules/roles';
import { run } from './deps';
import { beijing, CliError, table } from './format';

/** `operator`, `token …` and `whoami`: the roster and API tokens, an admin's (through /v1/roster and /v1/tokens). */

const isRole = (r: string): r is Role => ROLES.some((x) => x === r);

export function registerAccess(program: Command): void {
  program
    .command('whoami')
    .description('who your token says you are, with your roles on the roster')
    .action(() => run({ work: ({ api }) => api.me(), human: (p) => `${p.id} (roles: ${p.roles.join(', ')})` }));

  program
    .command('operator <id>')
    .description('add or change an entry on the roster (admin); recorded; open cases are told')
    .requiredOption('--name <displayName>', 'the name shown to operators')
    .requiredOption('--roles <roles>', `comma-separated: ${ROLES.join(', ')}`)
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .option('--inactive', 'take the entry off the roster: its tokens stop working')
    .action((id: string, o: { name: string; roles: string; reason: string; inactive?: boolean }) =>
      run({
        flags: { id: '<id>', 'params.id': '<id>', displayName: '--name', roles: '--roles', 'roles.0': '--roles', active: '--inactive', reason: '--reason' },
        work: async ({ api }) => {
          const given = o.roles.split(',').map((r) => r.trim()).filter(Boolean);
          const unknown = given.filter((r) => !isRole(r));
          if (unknown.length) throw new CliError(`--roles: ${unknown.map((r) => `"${r}"`).join(', ')} is not a role; must be one of: ${ROLES.join(', ')}`);
          return api.roster.set(id, { displayName: o.name, roles: given.filter(isRole), active: !o.inactive, reason: o.reason });
        },
        human: (r) =>
          `operator ${r.id} (${o.name}): ${o.roles}, ${o.inactive ? 'inactive' : 'active'}; roster version ${r.version}\n` +
          `open cases told to read the roster again: ${r.told}${r.failed ? `; not reached: ${r.failed} (closed meanwhile, or an error: they read it when they next run)` : ''}`,
      }),
    );

  const token = program.command('token').description('API tokens (admin): create, list, revoke');

  token
    .command('create <subject>')
    .description('make a token for a roster entry; its secret is shown (or written) this once')
    .requiredOption('--label <text>', 'what it is for, e.g. "review console, Li"')
    .option('--out <file>', 'write the token to this file (readable by you only) instead of printing it')
    .action((subject: string, o: { label: string; out?: string }) =>
      run({
        flags: { subject: '<subject>', label: '--label' },
        work: async ({ api }) => {
          const made = await api.tokens.create({ subject, label: o.label });
          if (!o.out) return made;
          mkdirSync(dirname(o.out), { recursive: true });
          writeFileSync(o.out, `${made.token}\n`, { mode: 0o600 });
          return { info: made.info, file: o.out };
        },
        human: (r) =>
          'token' in r
            ? `token ${r.info.id} for ${subject} (shown once; store it now):\n${r.token}`
            : `token ${r.info.id} for ${subject} written to ${r.file}`,
      }),
    );

  token
    .command('list')
    .description('tokens (never their secrets), revoked ones included')
    .option('--subject <id>', "only this roster entry's")
    .action((o: { subject?: string }) =>
      run({
        flags: { subject: '--subject' },
        work: ({ api }) => api.tokens.list({ subject: o.subject }),
        human: ({ tokens }) =>
          tokens.length
            ? table(
                ['TOKEN', 'SUBJECT', 'LABEL', 'MADE (北京时间)', 'BY', 'REVOKED'],
                tokens.map((t) => [t.id, t.subject, t.label, beijing(t.createdAt, { label: false }), t.createdBy, t.revokedAt ? `${beijing(t.revokedAt, { label: false })} by ${t.revokedBy}` : '-']),
              )
            : 'no tokens',
      }),
    );

  token
    .command('revoke <id>')
    .description('revoke a token: its next call is refused')
    .requiredOption('--reason <text>', 'why (goes into the record)')
    .action((id: string, o: { reason: string }) =>
      run({
        flags: { id: '<id>', reason: '--reason' },
        work: ({ api }) => api.tokens.revoke(id, o.reason),
        human: (t) => `token ${t.id} (${t.subject}) revoked`,
      }),
    );
}
