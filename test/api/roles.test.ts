import { listRoutes } from '../../api/server';
import { ROLES, type Role } from '../../rules/roles';
import { listRecords } from '../../store/records';
import { apiStack } from './api-stack';

// Every route's door, table-driven: who may pass (the roster's roles), 403 naming the roles for
// everyone else, 401 without a credential. A route added without a row here fails the first test.
const api = apiStack();

const READERS: Role[] = ['platform', 'reviewer', 'supervisor', 'auditor'];
const NC = '/v1/cases/name-correction';
const AT = '/v1/cases/account-transfer';
const UT = '/v1/cases/unauthorised-transfer';
const VC = '/v1/cases/voluntary-closure';
const RG = '/v1/cases/registration';

/** Route → who may call it, and a request to try: writes carry an empty body, so a caller let in changes nothing (400). */
const DOORS: { route: string; path: string; roles: Role[] | 'public'; body?: unknown }[] = [
  { route: 'GET /v1/me', path: '/v1/me', roles: [...ROLES] },
  { route: `POST ${NC}`, path: NC, roles: ['platform', 'reviewer', 'supervisor'], body: {} },
  { route: `GET ${NC}/:accountId`, path: `${NC}/acc-none`, roles: READERS },
  { route: `POST ${NC}/:accountId/submit`, path: `${NC}/acc-none/submit`, roles: ['platform'], body: {} },
  { route: `POST ${NC}/:accountId/refuse`, path: `${NC}/acc-none/refuse`, roles: ['platform'], body: { statement: 1 } },
  { route: `POST ${NC}/:accountId/review`, path: `${NC}/acc-none/review`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${NC}/:accountId/extend-deadline`, path: `${NC}/acc-none/extend-deadline`, roles: ['supervisor'], body: {} },
  { route: `POST ${NC}/:accountId/withdraw`, path: `${NC}/acc-none/withdraw`, roles: ['supervisor'], body: {} },
  { route: `POST ${NC}/:accountId/propose-termination`, path: `${NC}/acc-none/propose-termination`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${NC}/:accountId/confirm-termination`, path: `${NC}/acc-none/confirm-termination`, roles: ['supervisor'], body: {} },
  { route: `POST ${NC}/:accountId/reject-termination`, path: `${NC}/acc-none/reject-termination`, roles: ['supervisor'], body: {} },
  { route: `POST ${AT}`, path: AT, roles: ['platform'], body: {} },
  { route: `GET ${AT}/:accountId`, path: `${AT}/acc-none`, roles: READERS },
  { route: `POST ${AT}/:accountId/supply-materials`, path: `${AT}/acc-none/supply-materials`, roles: ['platform'], body: {} },
  { route: `POST ${AT}/:accountId/confirm`, path: `${AT}/acc-none/confirm`, roles: ['platform'], body: { statement: 1 } },
  { route: `POST ${AT}/:accountId/receiver-confirm`, path: `${AT}/acc-none/receiver-confirm`, roles: ['platform'], body: { statement: 1 } },
  { route: `POST ${AT}/:accountId/withdraw`, path: `${AT}/acc-none/withdraw`, roles: ['platform'], body: { reason: 1 } },
  { route: `POST ${AT}/:accountId/review`, path: `${AT}/acc-none/review`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${AT}/:accountId/confirm-approval`, path: `${AT}/acc-none/confirm-approval`, roles: ['supervisor'], body: {} },
  { route: 'GET /v1/public-notices', path: '/v1/public-notices', roles: 'public' },
  { route: `POST ${UT}`, path: UT, roles: ['platform', 'reviewer', 'supervisor'], body: {} },
  { route: `GET ${UT}/:accountId`, path: `${UT}/acc-none`, roles: READERS },
  { route: `POST ${UT}/:accountId/respond`, path: `${UT}/acc-none/respond`, roles: ['platform'], body: { statement: 1 } },
  { route: `POST ${UT}/:accountId/decide`, path: `${UT}/acc-none/decide`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${UT}/:accountId/withdraw`, path: `${UT}/acc-none/withdraw`, roles: ['supervisor'], body: {} },
  { route: `POST ${UT}/:accountId/propose-termination`, path: `${UT}/acc-none/propose-termination`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${UT}/:accountId/confirm-termination`, path: `${UT}/acc-none/confirm-termination`, roles: ['supervisor'], body: {} },
  { route: `POST ${UT}/:accountId/reject-termination`, path: `${UT}/acc-none/reject-termination`, roles: ['supervisor'], body: {} },
  { route: `POST ${VC}`, path: VC, roles: ['platform'], body: {} },
  { route: `GET ${VC}/:accountId`, path: `${VC}/acc-none`, roles: READERS },
  { route: `POST ${VC}/:accountId/resume`, path: `${VC}/acc-none/resume`, roles: ['platform'], body: { reason: 1 } },
  { route: `POST ${VC}/:accountId/cancel`, path: `${VC}/acc-none/cancel`, roles: ['platform'], body: { reason: 1 } },
  { route: `POST ${VC}/:accountId/stop`, path: `${VC}/acc-none/stop`, roles: ['supervisor'], body: {} },
  { route: 'POST /v1/subjects', path: '/v1/subjects', roles: ['platform'], body: {} },
  { route: 'GET /v1/subjects/:subjectId', path: '/v1/subjects/subj-none', roles: ['platform', 'reviewer', 'supervisor', 'auditor', 'admin'] },
  { route: 'POST /v1/subjects/:subjectId/blacklist', path: '/v1/subjects/subj-none/blacklist', roles: ['supervisor'], body: {} },
  { route: 'POST /v1/subjects/:subjectId/blacklist/lift', path: '/v1/subjects/subj-none/blacklist/lift', roles: ['supervisor'], body: {} },
  { route: 'POST /v1/qualifications', path: '/v1/qualifications', roles: ['platform'], body: {} },
  { route: 'GET /v1/qualifications', path: '/v1/qualifications?subjectId=subj-none', roles: ['platform', 'reviewer', 'supervisor', 'auditor'] },
  { route: 'POST /v1/qualifications/:qualificationId/decision', path: '/v1/qualifications/1/decision', roles: ['reviewer', 'supervisor'], body: {} },
  { route: 'POST /v1/qualifications/:qualificationId/withdraw', path: '/v1/qualifications/1/withdraw', roles: ['supervisor'], body: {} },
  { route: `POST ${RG}`, path: RG, roles: ['platform'], body: {} },
  { route: `GET ${RG}/:accountId`, path: `${RG}/acc-none`, roles: READERS },
  { route: `POST ${RG}/:accountId/review`, path: `${RG}/acc-none/review`, roles: ['reviewer', 'supervisor'], body: {} },
  { route: `POST ${RG}/:accountId/withdraw`, path: `${RG}/acc-none/withdraw`, roles: ['platform'], body: { statement: 1 } },
  { route: 'GET /v1/cases', path: '/v1/cases', roles: READERS },
  { route: 'POST /v1/accounts', path: '/v1/accounts', roles: ['platform'], body: {} },
  { route: 'PATCH /v1/accounts/:accountId', path: '/v1/accounts/acc-none', roles: ['platform'], body: {} },
  { route: 'GET /v1/accounts/:accountId', path: '/v1/accounts/acc-none', roles: READERS },
  { route: 'GET /v1/rules', path: '/v1/rules', roles: 'public' },
  { route: 'GET /v1/notices', path: '/v1/notices?caseRef=NC-20261201-AAAAAAAA', roles: READERS },
  { route: 'GET /v1/records', path: '/v1/records', roles: ['auditor'] },
  { route: 'GET /v1/records/export', path: '/v1/records/export', roles: ['auditor'] },
  { route: 'GET /v1/records/checkpoints', path: '/v1/records/checkpoints', roles: ['auditor', 'admin'] },
  { route: 'POST /v1/records/verification', path: '/v1/records/verification', roles: ['auditor'], body: {} },
  { route: 'GET /v1/measures/feed', path: '/v1/measures/feed', roles: ['platform', 'auditor'] },
  { route: 'POST /v1/measures/webhooks', path: '/v1/measures/webhooks', roles: ['platform', 'admin'], body: {} },
  { route: 'GET /v1/measures/webhooks', path: '/v1/measures/webhooks', roles: ['platform', 'admin', 'auditor'] },
  { route: 'POST /v1/measures/webhooks/:id/deactivate', path: '/v1/measures/webhooks/1/deactivate', roles: ['platform', 'admin'] },
  { route: 'GET /v1/roster', path: '/v1/roster', roles: ['admin'] },
  { route: 'PUT /v1/roster/:id', path: '/v1/roster/someone', roles: ['admin'], body: {} },
  { route: 'POST /v1/tokens', path: '/v1/tokens', roles: ['admin'], body: {} },
  { route: 'GET /v1/tokens', path: '/v1/tokens', roles: ['admin'] },
  { route: 'POST /v1/tokens/:id/revoke', path: '/v1/tokens/abcdefghjk/revoke', roles: ['admin'], body: {} },
];

test('the table covers every route the API serves, and no other', () => {
  const served = listRoutes(api.app).map((r) => `${r.method} ${r.url}`).filter((r) => r !== 'GET /openapi.json');
  expect(new Set(served)).toEqual(new Set(DOORS.map((d) => d.route)));
});

const send = (d: (typeof DOORS)[number], token?: string) =>
  api.fetch(d.path, { method: d.route.split(' ')[0], token, ...(d.body === undefined ? {} : { json: d.body }) });

const gatedDoors = DOORS.filter((d) => d.roles !== 'public');
const refusals = gatedDoors.flatMap((d) => ROLES.filter((r) => !(d.roles as Role[]).includes(r)).map((role) => ({ ...d, role })));
const admissions = gatedDoors.flatMap((d) => (d.roles as Role[]).map((role) => ({ ...d, role })));

test.each(refusals.map((r) => [r.route, r.role, r] as const))('%s refuses %s: 403 naming the roles that may', async (_route, role, d) => {
  const r = await send(d, api.tokens[role]);
  expect(r.status).toBe(403);
  expect(r.body).toMatchObject({ error: 'forbidden', message: expect.stringContaining('it needs one of') });
  expect([...r.body.needs].sort()).toEqual([...(d.roles as Role[])].sort());
});

test.each(admissions.map((r) => [r.route, r.role, r] as const))('%s lets %s in', async (_route, role, d) => {
  const r = await send(d, api.tokens[role]);
  expect([401, 403]).not.toContain(r.status);
  // An empty write is refused for its body: a role let in still changes nothing without a valid request.
  if (d.body !== undefined) expect(r.status).toBe(400);
});

test.each(gatedDoors.map((d) => [d.route, d] as const))('%s without a credential: 401', async (_route, d) => {
  const r = await send(d);
  expect(r).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
});

test('the published rules need no credential', async () => {
  const r = await api.fetch('/v1/rules');
  expect(r.status).toBe(200);
  expect(r.body.nameCorrection).toBeDefined();
});

test('refused calls leave no record', async () => {
  expect((await listRecords(api.stack.db)).filter((r) => r.actor !== 'system:first-start' && r.actor !== 'admin')).toEqual([]);
});
