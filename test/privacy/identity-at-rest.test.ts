// After identities are recorded (through the services and through the API with its logger on), no table
// holds an ID number, credit code or phone number in clear, in any spelling, and the API's logs do not either.
import { spawnSync } from 'node:child_process';
import { createApiToken } from '../../api/auth/token-admin';
import { registerKnownIdentity } from '../../identity/store-verifier';
import { submitQualification } from '../../services/qualifications';
import { upsertOperator } from '../../store/operators';
import { PROJECT_ROOT } from '../../scripts/tools';
import { organisation, person, testVault } from '../helpers/identity';
import { PLATFORM } from '../helpers/principals';
import { migratedStore } from '../store/migrated-store';
import { knownSubject, subjectDeps } from '../subjects/fixtures';

const store = migratedStore();
const individual = person(71, '赵六');
const company = organisation(71, '远望信息技术有限公司');
const viaApi = person(72, '钱七');
const certificate = '11101200810999999';

/** Every spelling a careless write could leave: as typed, normalised, and the phone with +86 or spaces. */
const spellings = (c: { number: string; phone: string }) => [c.number, c.number.toLowerCase(), c.phone, `+86${c.phone}`, `${c.phone.slice(0, 3)} ${c.phone.slice(3, 7)} ${c.phone.slice(7)}`];
const SECRETS = [...spellings(individual), ...spellings(company), ...spellings(viaApi), certificate];

/** Every text-like column of every table in the store, as text. */
async function everyStoredText(): Promise<string> {
  const db = store.ownerDb();
  const cols = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'character')`,
  );
  expect(cols.rows.length).toBeGreaterThan(20);
  const parts: string[] = [];
  for (const { table_name, column_name } of cols.rows) {
    const r = await db.query(`SELECT "${column_name}"::text AS v FROM "${table_name}"`);
    parts.push(...r.rows.map((row: { v: string | null }) => row.v ?? ''));
  }
  return parts.join('\n');
}

test('no table holds an identity or phone number in clear, and the API logs none', async () => {
  const db = store.db();
  await knownSubject(db, 'subj-priv-1', individual);
  await knownSubject(db, 'subj-priv-2', company);
  await submitQualification(subjectDeps(db), PLATFORM, {
    subjectId: 'subj-priv-1',
    category: 'health',
    materials: [{ documentKind: 'practising_certificate', issuer: '卫健委', certificateNumber: certificate, files: ['docs://1'] }],
  });

  // Through the API, in a process of its own with fastify's logger on: a good request and two refused ones.
  await registerKnownIdentity(db, testVault(), viaApi);
  await upsertOperator(db, { id: PLATFORM.id, displayName: '平台', roles: ['platform'] });
  const { token } = await createApiToken(db, { id: 'admin', roles: ['admin'] }, { subject: PLATFORM.id, label: 'privacy' });
  const code = `
    const { buildApi } = require('./api/server');
    const { connect } = require('./store/db');
    const { parsePolicy } = require('./policy/policy');
    const { secretBox } = require('./webhooks/secret-box');
    const { testIdentityDeps } = require('./test/helpers/identity');
    (async () => {
      const db = connect(process.env.PRIV_DB, 2);
      const app = await buildApi({ db, policy: parsePolicy({}), webhookSecrets: secretBox(Buffer.alloc(32)), ...testIdentityDeps(db) }, { logger: true });
      const body = JSON.parse(process.env.PRIV_BODY);
      const send = (payload) => app.inject({ method: 'POST', url: '/v1/subjects', headers: { authorization: 'Bearer ' + process.env.PRIV_TOKEN }, payload });
      const ok = await send(body);
      const wrongName = await send({ ...body, subject: { ...body.subject, id: 'subj-priv-4' }, identity: { ...body.identity, name: '冒名' } });
      const badPhone = await send({ ...body, identity: { ...body.identity, phone: body.identity.phone + '9' } });
      console.error('STATUSES', ok.statusCode, wrongName.statusCode, badPhone.statusCode);
      await app.close();
      await db.end();
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  const body = { subject: { id: 'subj-priv-3', kind: 'individual', displayName: viaApi.name }, identity: viaApi, contactEmail: 'p3@users.example' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', PRIV_DB: store.url(), PRIV_TOKEN: token, PRIV_BODY: JSON.stringify(body) },
  });
  const logs = r.stdout + r.stderr;
  expect(logs).toContain('STATUSES 201 400 400');
  expect(logs).toContain('/v1/subjects'); // the logger was on: it logged the requests
  for (const secret of SECRETS) expect(logs).not.toContain(secret);

  const stored = await everyStoredText();
  expect(stored).toContain('subj-priv-3'); // the API's subject is there
  for (const secret of SECRETS) expect(stored).not.toContain(secret);
  // What is there instead: the masked forms.
  expect(stored).toContain(`110105********${individual.number.slice(-4)}`);
  expect(stored).toContain(`139****${individual.phone.slice(-4)}`);
});
