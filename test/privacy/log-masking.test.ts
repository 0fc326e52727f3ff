// Logs mask identity-card and phone numbers and e-mail addresses; ids, references and times stay readable.
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { maskPersonalData } from '../../logging/mask';
import { PROJECT_ROOT } from '../../scripts/tools';

test.each([
  ['身份证 11010519491231002X 已核验', '身份证 **************002X 已核验'],
  ['id=110105194912310021,', 'id=**************0021,'],
  ['ID11010519491231002X', 'ID**************002X'],
  ['电话13812345678。', '电话138****5678。'],
  ['call +86 138 1234 5678 now', 'call +86 138****5678 now'],
  ['mail ouyang.mingyuan@mail.example please', 'mail o***@mail.example please'],
])('masks %j', (line, masked) => {
  expect(maskPersonalData(line)).toBe(masked);
});

test.each([
  'NC-20261201-K3M9QX7A acc-privacy reviewer-li',
  '2026-12-01T02:03:04.567Z',
  'order 12345678901234567890 (a 20-digit number is no phone and no ID)',
  '12812345678 starts 12: not a mobile number',
  'workflow name-correction:acc-1 task queue compliance',
  'Database postgres://postgres@127.0.0.1:55432/postgres',
])('leaves %j as it is', (line) => {
  expect(maskPersonalData(line)).toBe(line);
});

test('no ID or phone number survives, whatever text is around it', () => {
  const digit = fc.constantFrom(...'0123456789');
  const id = fc.tuple(fc.constantFrom(...'123456789'), fc.array(digit, { minLength: 16, maxLength: 16 }), fc.constantFrom(...'0123456789X'))
    .map(([a, b, c]) => `${a}${b.join('')}${c}`);
  const phone = fc.tuple(fc.constantFrom(...'3456789'), fc.array(digit, { minLength: 9, maxLength: 9 })).map(([a, b]) => `1${a}${b.join('')}`);
  const around = fc.string({ unit: fc.constantFrom(...'的是 ：，,.abc（）\n') });
  fc.assert(
    fc.property(around, fc.oneof(id, phone), around, (before, secret, after) => {
      expect(maskPersonalData(`${before}${secret}${after}`)).not.toContain(secret);
    }),
  );
});

test('a worker process masks its Runtime logger (SDK, activity and workflow logs) and its console', () => {
  const code = `
    const { installMaskedLogging } = require('./logging/runtime');
    const { Runtime } = require('@temporalio/worker');
    installMaskedLogging();
    Runtime.instance().logger.warn('activity failed for 13812345678', { statement: '身份证 11010519491231002X', workflowId: 'name-correction:acc-1' });
    console.error(new Error('relay refused ouyang@mail.example'));
    console.log('record', { reason: '电话 13912345678' });
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  const out = r.stdout + r.stderr;
  expect(r.status).toBe(0);
  for (const secret of ['13812345678', '11010519491231002X', 'ouyang@mail.example', '13912345678']) expect(out).not.toContain(secret);
  expect(out).toContain('138****5678');
  expect(out).toContain('**************002X');
  expect(out).toContain('o***@mail.example');
  expect(out).toContain('name-correction:acc-1');
});
