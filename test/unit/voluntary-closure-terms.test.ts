import { parsePolicy } from '../../policy/policy';
import { freezePeriodMs, suspensionEnd } from '../../workflows/voluntary-closure/state';

const DAY = 86_400_000;

test('the freeze period by follower count: the first step the account is below, else the last', () => {
  const { freeze } = parsePolicy({}).voluntaryClosure;
  expect([0, 9_999, 10_000, 999_999, 1_000_000, 50_000_000].map((n) => freezePeriodMs(freeze, n) / DAY)).toEqual([7, 7, 15, 15, 30, 30]);
});

test('a freeze table out of order, without a last catch-all step, or shorter than its reminders is refused, naming the step', () => {
  const vc = (freeze: unknown, extra: Record<string, unknown> = {}) => () => parsePolicy({ voluntaryClosure: { freeze, ...extra } });
  expect(vc([{ followersBelow: 1_000, period: '7 days' }, { followersBelow: 500, period: '15 days' }, { period: '30 days' }])).toThrow(
    /voluntaryClosure\.freeze\.1\.followersBelow: must be ascending/,
  );
  expect(vc([{ followersBelow: 1_000, period: '15 days' }, { period: '7 days' }])).toThrow(/voluntaryClosure\.freeze\.1\.period: must not be shorter than the step before/);
  expect(vc([{ followersBelow: 1_000, period: '7 days' }])).toThrow(/voluntaryClosure\.freeze\.0\.followersBelow: the last step must have no followersBelow/);
  expect(vc([{ period: '1 day' }])).toThrow(/voluntaryClosure\.remindBefore\.0: must be shorter than every freeze period/);
  expect(vc([{ period: '3 days' }])).not.toThrow();
});

test("a suspension ends on the holder's date, never later than the policy's longest", () => {
  const opened = '2026-12-01T00:00:00.000Z';
  expect(suspensionEnd(opened, 180 * DAY, '2026-12-10T00:00:00.000Z')).toBe(Date.parse('2026-12-10T00:00:00.000Z'));
  expect(suspensionEnd(opened, 180 * DAY, '2028-01-01T00:00:00.000Z')).toBe(Date.parse(opened) + 180 * DAY);
  expect(suspensionEnd(opened, 180 * DAY)).toBe(Date.parse(opened) + 180 * DAY);
});
