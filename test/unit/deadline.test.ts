import { beijingTime, extensionRefusal, newDeadline, pendingReminders, shortDuration } from '../../workflows/case/deadline';

const H = 3_600_000;
const D = 24 * H;
const opened = '2026-11-23T10:00:00.000Z';

test('a deadline is the window after its setting; reminders fall before it, earliest first', () => {
  const d = newDeadline(opened, 7 * D);
  expect(d.at).toBe('2026-11-30T10:00:00.000Z');
  const r = pendingReminders(d, [24 * H, 72 * H]);
  expect(r.map((x) => [new Date(x.at).toISOString(), x.before])).toEqual([
    ['2026-11-27T10:00:00.000Z', 72 * H],
    ['2026-11-29T10:00:00.000Z', 24 * H],
  ]);
});

test('sent or skipped reminder slots are not pending; slots due before the deadline was set are never sent', () => {
  const d = newDeadline(opened, 7 * D);
  const [first] = pendingReminders(d, [72 * H, 24 * H]);
  d.reminders[first!.slot] = 'sent';
  expect(pendingReminders(d, [72 * H, 24 * H]).map((r) => r.before)).toEqual([24 * H]);
  // A deadline set 2 days before it falls: the 72-hour reminder would be in the past.
  const late = newDeadline(opened, 2 * D);
  expect(pendingReminders(late, [72 * H, 24 * H]).map((r) => r.before)).toEqual([24 * H]);
});

test('an extension moves the slots with the deadline: the new deadline has reminders of its own', () => {
  const d = newDeadline(opened, 7 * D);
  for (const r of pendingReminders(d, [72 * H, 24 * H])) d.reminders[r.slot] = 'sent';
  const moved = { at: '2026-12-03T10:00:00.000Z', setAt: '2026-11-30T09:00:00.000Z', reminders: d.reminders };
  expect(pendingReminders(moved, [72 * H, 24 * H]).map((r) => r.before)).toEqual([72 * H, 24 * H]);
});

test.each([
  ['later, within the maximum', Date.parse('2026-12-02T10:00:00Z'), undefined],
  ['not later than the current deadline', Date.parse('2026-11-30T10:00:00Z'), /must be later than the current deadline/],
  ['in the past', Date.parse('2026-11-20T10:00:00Z'), /must be in the future/],
  ['beyond the maximum extension', Date.parse('2027-02-01T10:00:00Z'), /by at most 720 hours at a time/],
])('extension %s', (_, to, refusal) => {
  const d = newDeadline(opened, 7 * D);
  const why = extensionRefusal(d, to, Date.parse('2026-11-25T10:00:00Z'), 30 * D, { passedIsFinal: true });
  if (refusal) expect(why).toMatch(refusal);
  else expect(why).toBeUndefined();
});

test('once the deadline has passed, it may not be extended where passing is final', () => {
  const d = newDeadline(opened, 7 * D);
  const after = Date.parse('2026-12-01T10:00:00Z');
  expect(extensionRefusal(d, after + D, after, 30 * D, { passedIsFinal: true })).toMatch(/has passed/);
  expect(extensionRefusal(d, after + D, after, 30 * D, { passedIsFinal: false })).toBeUndefined();
});

test('times for people: Beijing time and short durations', () => {
  expect(beijingTime('2026-11-30T16:30:00.000Z')).toBe('2026-12-01 00:30 (Beijing time)');
  expect(shortDuration(72 * H)).toBe('3 d');
  expect(shortDuration(20 * H)).toBe('20 h');
  expect(shortDuration(10 * 60_000)).toBe('10 min');
});
