import { Injectable } from '@nestjs/common';
import type { CriteriaSet } from '@lib/criteria';
import type { EntityManager } from 'typeorm';
import { insertCriteriaSet, lockLatestCriteriaSet } from './criteria-set.queries';

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
    const latest = await lockLatestCriteriaSet(em, authorityId, set.key);
    if (latest?.definitionJson === definition) {
      return { id: latest.id, version: latest.version, created: false };
    }
    const version = (latest?.version ?? 0) + 1;
    const id = await insertCriteriaSet(em, {
      authorityId,
      code: set.key,
      version,
      title: set.title,
      unitGroup: group,
      maxMilli: set.totalPoints,
      definitionJson: definition,
    });
    return { id, version, created: true };
  }
}
