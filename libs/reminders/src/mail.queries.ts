import { rows } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface MailCounts {
  pending: number;
  retrying: number;
  failed: number;
  lastSentAt: string | null;
}

/**
 * Mail waiting for its first try, retrying after a failure, and given up; with the last delivery. `authorityId`:
 * only that authority's mail (its campaigns', or — without a campaign — addressed to one of its people).
 */
export async function mailCounts(em: EntityManager, authorityId?: number): Promise<MailCounts> {
  const scoped = authorityId !== undefined;
  const [row] = await rows<{ pending: number; retrying: number; failed: number; last_sent_at: Date | null }>(
    em,
    `SELECT COALESCE(SUM(m.status IN ('pending', 'sending') AND m.attempts = 0), 0) AS pending,
            COALESCE(SUM(m.status IN ('pending', 'sending') AND m.attempts > 0), 0) AS retrying,
            COALESCE(SUM(m.status = 'failed'), 0) AS failed,
            MAX(m.sent_at) AS last_sent_at
       FROM mail_messages m
       ${
         scoped
           ? `LEFT JOIN campaigns c ON c.id = m.campaign_id LEFT JOIN users ru ON ru.id = m.recipient_user_id
              LEFT JOIN organisations ro ON ro.id = ru.organisation_id
              WHERE (c.authority_id = ? OR (m.campaign_id IS NULL AND ro.authority_id = ?))`
           : ''
       }`,
    scoped ? [authorityId, authorityId] : [],
  );
  return {
    pending: Number(row.pending),
    retrying: Number(row.retrying),
    failed: Number(row.failed),
    lastSentAt: row.last_sent_at ? new Date(row.last_sent_at).toISOString() : null,
  };
}
