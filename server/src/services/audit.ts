import type pg from 'pg';

export interface Actor {
  id: string;
  username: string;
  isSuperuser: boolean;
  interface: 'console' | 'api' | 'cli' | 'scheduler';
}

/** Records who did what; `input` must already be free of secrets. */
export async function audit(client: pg.PoolClient, actor: Actor | null, action: string, target: string | null, input: unknown, result = 'ok'): Promise<void> {
  await client.query(`INSERT INTO audit_event ("actorId", interface, action, target, input, result) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`, [
    actor?.id ?? null,
    actor?.interface ?? 'scheduler',
    action,
    target,
    JSON.stringify(input ?? null),
    result,
  ]);
}
