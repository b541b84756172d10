/** Unit groups of an authority: the keys its units carry and the names it gave them. */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

/** Every group key of the authority (its units' and the named ones), with its name when given and its unit count. */
export function unitGroupRows(
  em: EntityManager,
  authorityId: number,
): Promise<{ group_key: string; name: string | null; units: number | string }[]> {
  return rows(
    em,
    `SELECT g.group_key, n.name, g.units FROM (
         SELECT unit_group AS group_key, COUNT(*) AS units FROM units WHERE authority_id = ? GROUP BY unit_group
         UNION ALL
         SELECT group_key, 0 FROM unit_group_names WHERE authority_id = ?
       ) g
       LEFT JOIN unit_group_names n ON n.authority_id = ? AND n.group_key = g.group_key`,
    [authorityId, authorityId, authorityId],
  );
}

export async function upsertUnitGroupName(em: EntityManager, authorityId: number, key: string, name: string) {
  await write(
    em,
    'INSERT INTO unit_group_names (authority_id, group_key, name) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)',
    [authorityId, key, name],
  );
}

/** Name a group only if the authority has not named it (an import's wording never overrides a chosen name). */
export async function nameUnitGroupIfUnnamed(em: EntityManager, authorityId: number, key: string, name: string) {
  await write(em, 'INSERT IGNORE INTO unit_group_names (authority_id, group_key, name) VALUES (?, ?, ?)', [
    authorityId,
    key,
    name.slice(0, 255),
  ]);
}
