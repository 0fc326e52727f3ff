// Screenshots of the Temporal UI for docs/WORK-QUEUES.md: the case list and one case's page.
//
// Not part of the product and needs nothing from it: run it with playwright-core installed outside the
// project and a headless Chromium (Debian: apt-get install chromium fonts-noto-cjk), against a
// running `npm start` with the demo cases opened (`npm run cli -- demo`, then a submission):
//
//   NODE_PATH=/tmp/shot/node_modules node scripts/screenshot-ui.mjs [ui-url] [workflow-id]
//
// The UI defaults to http://127.0.0.1:8233, the case to name-correction:demo-gwy-fans, Chromium to
// /usr/bin/chromium (CHROMIUM to change it). Writes docs/img/case-list.png and docs/img/case-detail.png.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const ui = (process.argv[2] ?? process.env.UI_URL ?? 'http://127.0.0.1:8233').replace(/\/$/, '');
const workflowId = process.argv[3] ?? 'name-correction:demo-gwy-fans';
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'img');
const ns = `${ui}/namespaces/default`;

// The list's columns as a work queue wants them: the case's search attributes instead of run id and type.
// The UI keeps them per namespace in localStorage (what "Configure Columns" writes).
const columns = [
  { label: 'Status', pinned: true },
  { label: 'Workflow ID', pinned: true },
  { label: 'CaseRef', pinned: false },
  { label: 'CaseStage', pinned: false },
  { label: 'DeadlineAt', pinned: false },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  // Beijing time: the UI's "local" time zone is the browser's.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, timezoneId: 'Asia/Shanghai' });
  await context.addInitScript((cols) => {
    localStorage.setItem('namespace-workflow-table-columns', JSON.stringify({ default: cols }));
  }, columns);
  const page = await context.newPage();

  // (a) The list.
  await page.goto(`${ns}/workflows`, { waitUntil: 'networkidle' });
  await page.getByText(workflowId).first().waitFor();
  await page.waitForTimeout(2000);
  await page.setViewportSize({ width: 1640, height: 480 }); // wide enough for the columns
  await page.screenshot({ path: path.join(out, 'case-list.png') });
  await page.setViewportSize({ width: 1400, height: 1000 });

  // The newest run of the case, from its row's link.
  const href = await page.locator(`a[href*="${encodeURIComponent(workflowId)}/"]`).first().getAttribute('href');
  const run = `${ns}/workflows/${encodeURIComponent(workflowId)}/${href.split('/').filter(Boolean)[4]}`;

  // (b) The case's page. A running case's page keeps polling (never network-idle): wait for content.
  // Its summary, details and current details are on the "User Metadata" tab ...
  await page.goto(`${run}/user-metadata`, { waitUntil: 'load' });
  // (the markdown is rendered in frames of its own)
  await page.getByText('Current Details').waitFor();
  await page.frameLocator('iframe').last().getByText('Awaiting:').waitFor();
  await page.waitForTimeout(2000);
  const meta = await page.screenshot({ clip: { x: 256, y: 60, width: 1144, height: 760 } });

  // ... the activity and timer summaries on the "Timeline" tab (and in the event history).
  await page.goto(`${run}/timeline`, { waitUntil: 'load' });
  await page.getByText('notice: case opened').first().waitFor();
  await page.waitForTimeout(3000);
  const heading = await page.getByRole('heading', { name: 'Timeline' }).boundingBox();
  const timeline = await page.screenshot({ fullPage: true, clip: { x: 256, y: heading.y - 10, width: 1144, height: 380 } });

  // One picture of both, stacked.
  const sheet = await context.newPage();
  await sheet.setViewportSize({ width: 1144, height: 1140 });
  const img = (b) => `<img style="display:block" src="data:image/png;base64,${b.toString('base64')}">`;
  await sheet.setContent(`<body style="margin:0;background:#fff">${img(meta)}${img(timeline)}</body>`);
  await sheet.waitForTimeout(500);
  await sheet.screenshot({ path: path.join(out, 'case-detail.png'), fullPage: true });
  console.log(`wrote ${out}/case-list.png and case-detail.png (${run})`);
} finally {
  await browser.close();
}
