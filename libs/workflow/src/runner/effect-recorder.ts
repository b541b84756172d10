import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Effect } from '../machines';
import { write, rows } from '@lib/database';

export interface EffectContext {
  campaignId: number;
  subjectType: string;
  subjectId: number;
  now: Date;
}

/**
 * Writes a transition's effects in its transaction. Facts that are state (a deadline instant, a phase lock)
 * become rows here; every effect also becomes one outbox row keyed by its business key, so replaying the
 * same fact is a no-op (INSERT IGNORE on the UNIQUE key).
 */
@Injectable()
export class EffectRecorder {
  async record(em: EntityManager, effects: readonly Effect[], ctx: EffectContext): Promise<number> {
    let written = 0;
    for (const effect of effects) {
      const payload: Record<string, unknown> = { ...effect.payload, campaignId: ctx.campaignId };
      if (effect.kind === 'deadline.schedule') {
        payload.deadlineId = await this.upsertDeadline(em, effect, ctx);
      } else if (effect.kind === 'phase.locked' && ctx.subjectType === 'campaign') {
        await write(
          em,
          'INSERT IGNORE INTO phase_locks (campaign_id, phase, due_at, reason, locked_at) VALUES (?, ?, ?, ?, ?)',
          [
            ctx.campaignId,
            String(effect.payload.phase),
            new Date(String(effect.payload.dueAt)),
            typeof effect.payload.reason === 'string' ? effect.payload.reason : 'deadlineReached',
            ctx.now,
          ],
        );
      }
      const result = await write(em, 'INSERT IGNORE INTO outbox (kind, business_key, payload) VALUES (?, ?, ?)', [
        effect.kind,
        effect.key,
        JSON.stringify(payload),
      ]);
      written += result.affectedRows;
    }
    return written;
  }

  /** One row per (subject, phase); a newer generation replaces the instant and re-arms it. */
  private async upsertDeadline(em: EntityManager, effect: Effect, ctx: EffectContext): Promise<number> {
    const { phase, dueAt, generation, event } = effect.payload as {
      phase: string;
      dueAt: string;
      generation: number;
      event: unknown;
    };
    await write(
      em,
      `INSERT INTO deadlines (campaign_id, subject_type, subject_id, phase, due_at, generation, event, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled')
       ON DUPLICATE KEY UPDATE
         due_at = IF(VALUES(generation) > generation, VALUES(due_at), due_at),
         event = IF(VALUES(generation) > generation, VALUES(event), event),
         status = IF(VALUES(generation) > generation, 'scheduled', status),
         fired_at = IF(VALUES(generation) > generation, NULL, fired_at),
         generation = GREATEST(generation, VALUES(generation))`,
      [ctx.campaignId, ctx.subjectType, ctx.subjectId, phase, new Date(dueAt), generation, JSON.stringify(event)],
    );
    const [row] = await rows<{ id: number }>(
      em,
      'SELECT id FROM deadlines WHERE subject_type = ? AND subject_id = ? AND phase = ?',
      [ctx.subjectType, ctx.subjectId, phase],
    );
    return row.id;
  }
}
