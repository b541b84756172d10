import { Injectable } from '@nestjs/common';
import type { CriteriaSet } from '@lib/criteria';
import { rows, write } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

export interface StoredCriteriaSet {
  id: number;
  version: number;
  /** False when the newest stored version already had exactly this definition. */
  created: boolean;
}

/**
 * Versioned storage of criteria sets (per authority × code): the same definition is stored once, a changed
 * definition becomes the next version. Used by campaign setup (catalogs of config/) and by the import.
 */
@Injectable()
export class CriteriaSetStore {
  /** Runs inside the caller's transaction; the newest version row is locked so two imports do not race. */
  async store(em: EntityManager, authorityId: number, group: string, set: CriteriaSet): Promise<StoredCriteriaSet> {
    const definition = JSON.stringify(set);
    const [latest] = await rows<{ id: number; version: number; definition: string }>(
      em,
      'SELECT id, version, definition FROM criteria_sets WHERE authority_id = ? AND code = ? ORDER BY version DESC LIMIT 1 FOR UPDATE',
      [authorityId, set.key],
    );
    if (latest?.definition === definition) {
      return { id: latest.id, version: latest.version, created: false };
    }
    const version = (latest?.version ?? 0) + 1;
    const inserted = await write(
      em,
      'INSERT INTO criteria_sets (authority_id, code, version, title, unit_group, max_milli, definition) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [authorityId, set.key, version, set.title, group, set.totalPoints, definition],
    );
    return { id: inserted.insertId, version, created: true };
  }
}
