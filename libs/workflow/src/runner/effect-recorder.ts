import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Effect } from '../machines';
import { upsertDeadline } from './deadline.queries';
import { insertOutbox } from './outbox.queries';
import { insertPhaseLock } from './phase-lock.queries';

export interface EffectContext {
  campaignId: number;
  subjectType: string;
  subjectId: number;
  now: Date;
}

/**
 * Writes a transition's effects in its transaction. Facts that are state (a deadline instant, a phase lock)
 * become rows here; every effect also becomes one outbox row keyed by its business key (all of a transition's in one
 * statement), so replaying the same fact is a no-op (INSERT IGNORE on the UNIQUE key).
 */
@Injectable()
export class EffectRecorder {
  async record(em: EntityManager, effects: readonly Effect[], ctx: EffectContext): Promise<number> {
    const outbox: Array<{ kind: string; key: string; payload: Record<string, unknown> }> = [];
    for (const effect of effects) {
      const payload: Record<string, unknown> = { ...effect.payload, campaignId: ctx.campaignId };
      if (effect.kind === 'deadline.schedule') {
        payload.deadlineId = await this.upsertDeadline(em, effect, ctx);
      } else if (effect.kind === 'phase.locked' && ctx.subjectType === 'campaign') {
        await insertPhaseLock(em, {
          campaignId: ctx.campaignId,
          phase: String(effect.payload.phase),
          dueAt: new Date(String(effect.payload.dueAt)),
          reason: typeof effect.payload.reason === 'string' ? effect.payload.reason : 'deadlineReached',
          lockedAt: ctx.now,
        });
      }
      outbox.push({ kind: effect.kind, key: effect.key, payload });
    }
    // The state rows first, then every outbox row in one round trip.
    return insertOutbox(em, outbox);
  }

  /** One row per (subject, phase); a newer generation replaces the instant and re-arms it. */
  private async upsertDeadline(em: EntityManager, effect: Effect, ctx: EffectContext): Promise<number> {
    const { phase, dueAt, generation, event } = effect.payload as {
      phase: string;
      dueAt: string;
      generation: number;
      event: unknown;
    };
    return upsertDeadline(em, {
      campaignId: ctx.campaignId,
      subjectType: ctx.subjectType,
      subjectId: ctx.subjectId,
      phase,
      dueAt: new Date(dueAt),
      generation,
      event,
    });
  }
}
