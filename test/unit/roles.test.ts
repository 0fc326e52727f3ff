import { refusalFor, type Roster } from '../../rules/roles';
import { NAME_CORRECTION } from '../../workflows/name-correction/messages';

const roster: Roster = { version: 3, operators: [{ id: 'reviewer-li', roles: ['reviewer'] }, { id: 'supervisor-wang', roles: ['supervisor'] }] };

test('each process says which role may take which action; the roster decides who has the role', () => {
  const p = NAME_CORRECTION.permissions;
  expect(refusalFor(roster, p, 'reviewer-li', 'reviewCorrection')).toBeUndefined();
  expect(refusalFor(roster, p, 'supervisor-wang', 'withdrawCase')).toBeUndefined();
  expect(refusalFor(roster, p, 'reviewer-li', 'withdrawCase')).toBe('operatorId: "reviewer-li" (roles: reviewer) may not withdrawCase; it needs one of: supervisor');
  expect(refusalFor(roster, p, 'mallory', 'reviewCorrection')).toBe('operatorId: "mallory" is not on the operator roster');
  expect(refusalFor(roster, p, 'supervisor-wang', 'noSuchAction')).toMatch(/may not noSuchAction/);
});
