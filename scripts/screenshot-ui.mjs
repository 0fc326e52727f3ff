// The pictures in docs/img/, taken as a user would see them: the README's walk-through run with the CLI
// against a running `npm start`, then the Temporal UI in a real headless Chromium, its codec settings
// turned on in its own dialog, a reader signed in to the codec server with the API token the demo made.
//
//   npm start                                              # terminal 1 (a fresh DATA_DIR: the demo runs once)
//   NODE_PATH=/tmp/shot/node_modules node scripts/screenshot-ui.mjs   # terminal 2, same environment
//
// Not part of the product and needs nothing from it: playwright-core installed outside the project
// (npm install --prefix /tmp/shot playwright-core) and Debian's Chromium with CJK fonts (apt-get install
// chromium fonts-noto-cjk; CHROMIUM to use another). It reads the variables `npm start` reads (DATA_DIR,
// TEMPORAL_DEV_UI_PORT, CODEC_SERVER_PORT, API_PORT, TEMPORAL_NAMESPACE), so give it the same ones.
// Writes docs/img/case-list.png, case-detail.png, case-encrypted.png and case-decoded.png.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs', 'img');
const env = process.env;
const dataDir = path.resolve(root, env.DATA_DIR ?? 'data');
const ui = `http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT ?? 8233}`;
const codec = `http://127.0.0.1:${env.CODEC_SERVER_PORT ?? 8090}`;
const ns = `${ui}/namespaces/${env.TEMPORAL_NAMESPACE ?? 'default'}`;
const account = 'demo-gwy-fans';
const workflowId = `name-correction:${account}`;
const reader = 'reviewer-li';

/** One CLI command, as the README writes it; its output goes to ours, a failure stops the run. */
function cli(...args) {
  console.log(`$ npm run cli -- ${args.join(' ')}`);
  execFileSync('npm', ['run', '-s', 'cli', '--', ...args], { cwd: root, stdio: 'inherit', env });
}

// The walk-through, up to the moment a reviewer has something to do: the case open, the holder's
// correction in. (The review comes after the pictures, so that they show a case at work.)
cli('demo');
cli('--as', reader, 'cases');
cli('--as', reader, 'nc', 'show', account);
cli('--as', 'content-risk-service', 'nc', 'submit', account, '--name', '张三的政策笔记');

// The list's columns as a work queue wants them (what "Configure Columns" keeps in the browser).
const columns = [
  { label: 'Status', pinned: true },
  { label: 'Workflow ID', pinned: true },
  { label: 'CaseRef', pinned: false },
  { label: 'CaseStage', pinned: false },
  { label: 'DeadlineAt', pinned: false },
];

const browser = await chromium.launch({ executablePath: env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  // Beijing time: the UI's "local" time zone is the browser's.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((cols) => {
    if (!localStorage.getItem('namespace-workflow-table-columns')) localStorage.setItem('namespace-workflow-table-columns', JSON.stringify({ default: cols }));
  }, columns);
  const page = await context.newPage();

  // 1. The UI's codec settings, in its own dialog: this browser's endpoint (the codec server npm start
  //    runs) and "Include cross-origin credentials", so that the sign-in cookie goes with each request.
  await page.goto(`${ns}/workflows`, { waitUntil: 'networkidle' });
  await page.getByTestId('data-encoder-status-configured').click();
  await page.getByTestId('use-local-endpoint-input').check({ force: true });
  await page.locator('#data-encoder-endpoint-input').fill(codec);
  await page.getByTestId('data-encoder-include-credentials').click();
  await page.getByTestId('confirm-modal-button').filter({ visible: true }).click();

  // 2. The case list: the work queue's columns.
  await page.getByText(workflowId).first().waitFor();
  await page.waitForTimeout(2000);
  await page.setViewportSize({ width: 1640, height: 480 }); // wide enough for the columns
  await page.screenshot({ path: path.join(out, 'case-list.png') });
  await page.setViewportSize({ width: 1400, height: 1000 });
  const href = await page.locator(`a[href*="${encodeURIComponent(workflowId)}/"]`).first().getAttribute('href');
  const run = `${ns}/workflows/${encodeURIComponent(workflowId)}/${href.split('/').filter(Boolean)[4]}`;

  // 3. Not signed in yet: the codec server refuses, the UI shows the input as Temporal stores it.
  await page.goto(`${run}/history`, { waitUntil: 'load' });
  await page.getByText('Codec Server could not connect').filter({ visible: true }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(out, 'case-encrypted.png') });

  // 4. A reader signs in to the codec server with the API token the demo made for them.
  await page.goto(codec, { waitUntil: 'load' });
  await page.fill('input[name=token]', readFileSync(path.join(dataDir, 'tokens', reader), 'utf8').trim());
  await page.click('button');
  await page.getByText('Signed in as').waitFor();

  // 5. The same page: the case's input decoded (the finding, in Chinese, as the platform wrote it).
  await page.goto(`${run}/history`, { waitUntil: 'load' });
  await page.getByText('"findings"').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(2000);
  await page.screenshot({ path: path.join(out, 'case-decoded.png') });

  // 6. The case's page: its summary and what it awaits ("User Metadata", markdown in frames of its
  //    own), then the timeline of its activities and timers, stacked in one picture.
  await page.goto(`${run}/user-metadata`, { waitUntil: 'load' }); // a running case's page never goes network-idle
  await page.getByText('Current Details').waitFor();
  await page.frameLocator('iframe').last().getByText('Awaiting:').waitFor();
  await page.waitForTimeout(2000);
  const meta = await page.screenshot({ clip: { x: 256, y: 60, width: 1144, height: 760 } });
  await page.goto(`${run}/timeline`, { waitUntil: 'load' });
  await page.getByText('notice: case opened').first().waitFor();
  await page.waitForTimeout(3000);
  const heading = await page.getByRole('heading', { name: 'Timeline' }).boundingBox();
  const timeline = await page.screenshot({ fullPage: true, clip: { x: 256, y: heading.y - 10, width: 1144, height: 380 } });
  const sheet = await context.newPage();
  await sheet.setViewportSize({ width: 1144, height: 1140 });
  const img = (b) => `<img style="display:block" src="data:image/png;base64,${b.toString('base64')}">`;
  await sheet.setContent(`<body style="margin:0;background:#fff">${img(meta)}${img(timeline)}</body>`);
  await sheet.waitForTimeout(500);
  await sheet.screenshot({ path: path.join(out, 'case-detail.png'), fullPage: true });
  console.log(`wrote case-list.png, case-encrypted.png, case-decoded.png and case-detail.png in ${out} (${run})`);
} finally {
  await browser.close();
}

// The rest of the walk-through: the review closes the case; the records show each step.
cli('--as', reader, 'nc', 'review', account, '--submission', '1', '--approve', '--reason', '名称合规');
cli('--as', 'auditor-chen', 'records', account);
