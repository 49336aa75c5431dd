import type { Queryable } from '../db.ts';

export interface AuditEventRow {
  actorId: string | null;
  interface: string;
  action: string;
  target: string | null;
  /** Already free of secrets. */
  input: unknown;
  result: string;
}

export async function insertAuditEvent(db: Queryable, e: AuditEventRow): Promise<void> {
  await db.query(`INSERT INTO audit_event ("actorId", interface, action, target, input, result) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, [
    e.actorId,
    e.interface,
    e.action,
    e.target,
    JSON.stringify(e.input ?? null),
    e.result,
  ]);
}
