/** Frozen ranking tables: what a publication stores from a consolidation, and the hash that seals them. Pure. */
import { createHash } from 'node:crypto';
import type { Consolidation } from '../consolidation/consolidation.engine';
import type { PublishedTable } from '../exports/documents';

/** Frozen tables from a consolidation: what `published_rankings` stores. */
export function tablesOf(c: Consolidation): PublishedTable[] {
  return c.tables.map((t) => ({
    tableNo: t.tableNo,
    group: t.group,
    groupName: t.groupName,
    title: `Bảng ${t.tableNo}: ${t.groupName}`,
    rows: t.units.map((u) => ({
      position: u.position,
      rank: u.rank,
      tied: u.tied,
      unitId: u.unitId,
      unitCode: u.unitCode,
      unitName: u.unitName,
      indexHundredths: u.indexHundredths,
      achievedMilli: u.achievedMilli,
      maxMilli: u.maxMilli,
      classKey: u.classKey,
      className: u.className,
      fields: u.fields.map((f) => ({
        code: f.code,
        title: f.title,
        achievedMilli: f.finalMilli,
        maxMilli: f.maxMilli,
        indexHundredths: f.indexHundredths,
      })),
      ...(u.excludedReason !== null ? { excludedReason: u.excludedReason } : {}),
    })),
  }));
}

export function snapshotHash(tables: PublishedTable[]): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex');
}
