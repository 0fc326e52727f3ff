import type { Role, Roster } from '../rules/roles';
import type { Sql } from './db';

export interface Operator {
  id: string;
  displayName: string;
  roles: Role[];
  active: boolean;
}

/**
 * Adds or changes an operator and logs the change, in one statement: the log's seq is the roster
 * version. Setting an operator as they already are changes nothing and returns `changed: false`.
 */
export async function upsertOperator(db: Sql, o: Omit<Operator, 'active'> & { active?: boolean }): Promise<{ version: number; changed: boolean }> {
  const r = await db.query<{ seq: string }>(
    `WITH op AS (
       INSERT INTO operators (id, display_name, roles, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles, active = EXCLUDED.active
         WHERE (operators.display_name, operators.roles, operators.active) IS DISTINCT FROM (EXCLUDED.display_name, EXCLUDED.roles, EXCLUDED.active)
       RETURNING id, display_name, roles, active)
     INSERT INTO operator_changes (operator_id, display_name, roles, active)
       SELECT id, display_name, roles, active FROM op RETURNING seq`,
    [o.id, o.displayName, o.roles, o.active ?? true],
  );
  if (r.rows[0]) return { version: Number(r.rows[0].seq), changed: true };
  return { version: (await readRoster(db)).version, changed: false };
}

export async function listActiveOperators(db: Sql): Promise<Operator[]> {
  const r = await db.query<Operator>(
    `SELECT id, display_name AS "displayName", roles, active FROM operators WHERE active ORDER BY id`,
  );
  return r.rows;
}

/** The roster as cases see it: ids and roles of active operators, nothing personal, with its version (one snapshot). */
export async function readRoster(db: Sql): Promise<Roster> {
  const r = await db.query<{ version: string; operators: Roster['operators'] }>(
    `SELECT COALESCE((SELECT max(seq) FROM operator_changes), 0) AS version,
       COALESCE((SELECT json_agg(json_build_object('id', id, 'roles', roles) ORDER BY id) FROM operators WHERE active), '[]'::json) AS operators`,
  );
  return { version: Number(r.rows[0]!.version), operators: r.rows[0]!.operators };
}
