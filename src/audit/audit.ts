import type { AuditAction } from './audit-event.entity.js';

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

export interface AuditEntry {
  keyId: number | null;
  action: AuditAction;
  municipalities?: string[];
  subject: string;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit trail through the change's own connection, so both commit or neither. */
export async function recordAudit(query: Query, e: AuditEntry): Promise<void> {
  await query(`INSERT INTO audit_event (key_id, action, municipalities, subject, before, after) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`, [
    e.keyId,
    e.action,
    e.municipalities ?? [],
    e.subject,
    e.before === undefined ? null : JSON.stringify(e.before),
    e.after === undefined ? null : JSON.stringify(e.after),
  ]);
}

/** "key:12" → 12; anything else → null. */
export const keyIdOf = (createdBy: string): number | null => (/^key:\d+$/.test(createdBy) ? Number(createdBy.slice(4)) : null);
