import type { Sql } from './db';

export const OPERATOR_ROLES = ['reviewer', 'supervisor'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

export interface Operator {
  id: string;
  displayName: string;
  roles: OperatorRole[];
  active: boolean;
}

export async function upsertOperator(db: Sql, o: Omit<Operator, 'active'> & { active?: boolean }): Promise<void> {
  await db.query(
    `INSERT INTO operators (id, display_name, roles, active) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, roles = EXCLUDED.roles, active = EXCLUDED.active`,
    [o.id, o.displayName, o.roles, o.active ?? true],
  );
}

export async function listActiveOperators(db: Sql): Promise<Operator[]> {
  const r = await db.query<Operator>(
    `SELECT id, display_name AS "displayName", roles, active FROM operators WHERE active ORDER BY id`,
  );
  return r.rows;
}
