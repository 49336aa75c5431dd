import { prisma, type Queryable } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

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

// GraphQL reads: the Pothos prisma plugin's `query` selects exactly what the document asks for.

export function findAuditEventsForGraphQL(query: object, where: Prisma.AuditEventWhereInput) {
  return prisma.auditEvent.findMany({ ...query, where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}
