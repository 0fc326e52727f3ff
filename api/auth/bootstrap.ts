import type { ServiceDeps } from '../../services/deps';
import { readRoster } from '../../store/operators';
import type { Principal } from '../../rules/roles';
import { setOperator } from '../../services/operators';
import { createApiToken } from './token-admin';

/** The first admin's roster id, and who the records say set it up. */
export const FIRST_ADMIN_ID = 'admin';
const FIRST_START: Principal = { id: 'system:first-start', roles: ['admin'] };

/**
 * The first start's credential: with no admin on the roster, puts one there and makes its API token,
 * both recorded as done by "system:first-start". Returns the token, or undefined when an admin exists
 * (a later start: the token from then is still the one, or an admin has made others).
 */
export async function bootstrapFirstAdmin(deps: ServiceDeps): Promise<string | undefined> {
  const roster = await readRoster(deps.db);
  if (roster.operators.some((o) => o.roles.includes('admin'))) return undefined;
  await setOperator(deps, FIRST_START, { id: FIRST_ADMIN_ID, displayName: 'First administrator', roles: ['admin'] }, 'first start: the first admin');
  const { token } = await createApiToken(deps.db, FIRST_START, { subject: FIRST_ADMIN_ID, label: 'first start: the first admin' });
  return token;
}
