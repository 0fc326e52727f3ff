// A screenshot of the Temporal UI showing a case's input decrypted by the codec server: the proof, for
// docs/, that payloads are encrypted in Temporal and readable to a signed-in reader only.
//
// Starts its own stack (the dev server as temporal-dev.yml describes it, with --ui-codec-endpoint;
// PostgreSQL; a worker; the codec server), opens a case whose input holds made-up personal data, signs
// in to the codec server in a headless Chromium, and photographs the case's input in the UI, first
// without signing in (encrypted) and then signed in (decrypted).
//
// Needs playwright-core outside the project and Debian's Chromium (apt-get install chromium fonts-noto-cjk):
//
//   npm install --prefix /tmp/shot playwright-core
//   NODE_PATH=/tmp/shot/node_modules npx tsx scripts/screenshot-codec.ts
//
// The codec server's door here is the roster with one token per operator made up for the run, standing
// in for the API's tokens (api/auth/): with the API merged, sign in with a token `npm run cli` issued.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePayloadKeys, readPayloadKeys } from '../codec/keys';
import { EncryptionCodec } from '../codec/payload-codec';
import { startCodecServer } from '../codec/server';
import { openNameCorrection } from '../services/name-correction';
import { readRoster } from '../store/operators';
import { caseWorkflowId } from '../workflows/case/ids';
import { startDevServer } from './dev-server';
import { freePort } from './ports';
import { PROJECT_ROOT } from './tools';

// The little of playwright-core used here (it is not a dependency of the project: see above).
interface Locator {
  first(): Locator;
  waitFor(o?: { timeout?: number }): Promise<void>;
}
interface Page {
  goto(url: string, o?: { waitUntil?: string }): Promise<unknown>;
  getByText(text: string): Locator;
  fill(selector: string, value: string): Promise<void>;
  click(selector: string): Promise<void>;
  waitForTimeout(ms: number): Promise<void>;
  screenshot(o: { path: string }): Promise<unknown>;
}
interface Browser {
  newContext(o: object): Promise<{ addInitScript(script: string): Promise<void>; newPage(): Promise<Page> }>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { chromium } = require('playwright-core') as { chromium: { launch(o: { executablePath: string }): Promise<Browser> } };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'compliance-shot-'));
  process.env.PAYLOAD_KEYS_FILE = join(dir, 'payload-keys.json');
  ensurePayloadKeys(process.env.PAYLOAD_KEYS_FILE);
  const codecPort = await freePort();
  const server = await startDevServer({ dataDir: dir, port: await freePort(), uiPort: await freePort(), codecEndpoint: `http://127.0.0.1:${codecPort}`, logFile: join(dir, 'server.log') });
  // The tests' helpers start the rest as the tests do: a database, an SMTP sink, a worker.
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  const { startPostgres } = await import('../test/helpers/postgres');
  const pg = await startPostgres();
  process.env.TEST_POSTGRES_URL = pg.url;
  const { seedAccount, seedOperators, startStack } = await import('../test/helpers/stack');
  const stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();

  const token = 'screenshot-token-reviewer-li';
  const codec = await startCodecServer({
    codec: new EncryptionCodec(readPayloadKeys(process.env.PAYLOAD_KEYS_FILE)),
    port: codecPort,
    uiOrigins: [server.uiUrl],
    uiUrl: server.uiUrl,
    authenticate: async (req) => {
      const who = (await readRoster(stack.db)).operators.find((o) => req.headers.authorization === `Bearer ${token}` && o.id === 'reviewer-li');
      if (!who) throw new Error('unknown token');
      return { id: who.id, roles: who.roles };
    },
  });

  const accountId = 'demo-privacy';
  await seedAccount(stack.db, accountId, '欧阳明远读书会', 'ouyang.mingyuan@mail.example');
  await openNameCorrection(stack.deps, { id: 'content-risk-service', roles: ['platform'] }, {
    accountId,
    findings: [{ field: 'name', ground: 'identity_mismatch', detail: '名称使用了他人真实姓名欧阳明远（身份证号 11010519491231002X，手机 13812345678）' }],
  });
  const run = (await stack.client.workflow.getHandle(caseWorkflowId('name-correction', accountId)).describe()).runId;
  const page = `${server.uiUrl}/namespaces/default/workflows/${encodeURIComponent(caseWorkflowId('name-correction', accountId))}/${run}/history`;

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  const out = join(PROJECT_ROOT, 'docs', 'img');
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'Asia/Shanghai' });
    // The UI's codec setting "Include cross-origin credentials" (kept in the browser, as its settings dialog keeps it).
    const settings = { endpoint: JSON.stringify(codec.url), overrideRemoteCodecConfiguration: 'true', includeCredentials: 'true', passAccessToken: 'false' };
    await context.addInitScript(Object.entries(settings).map(([k, v]) => `localStorage.setItem(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
    const tab = await context.newPage();

    // Not signed in: the codec server refuses, and the UI shows the payload as it is stored.
    await tab.goto(page, { waitUntil: 'load' });
    // (the UI's banner says the codec server could not connect: its text is also in a hidden element, so no wait on it)
    await tab.waitForTimeout(6000);
    await tab.screenshot({ path: join(out, 'case-encrypted.png') });

    // Signed in with a token: the same page shows the case's input decrypted.
    await tab.goto(codec.url, { waitUntil: 'load' });
    await tab.fill('input[name=token]', token);
    await tab.click('button');
    await tab.getByText('Signed in as').waitFor();
    await tab.goto(page, { waitUntil: 'load' });
    await tab.getByText('欧阳明远').first().waitFor({ timeout: 30_000 });
    await tab.waitForTimeout(2000);
    await tab.screenshot({ path: join(out, 'case-decoded.png') });
    console.log(`wrote ${out}/case-encrypted.png and case-decoded.png (${page})`);
  } finally {
    await browser.close();
    await codec.close();
    await stack.stop();
    await pg.stop();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
