/**
 * An authority's organisations and their assessed units, as the admin manages them: every read and write names the
 * admin's authority, so another tenant's organisation is not found.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface OrganisationRow {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  aliases: string | null;
  kind: string;
  unitId: number | null;
  unitGroup: string | null;
  predecessors: string | null;
}

const SELECT = `
  SELECT o.id, o.code, o.name, o.short_name AS shortName, o.aliases, o.kind, u.id AS unitId, u.unit_group AS unitGroup,
         (SELECT GROUP_CONCAT(p.predecessor_code ORDER BY p.predecessor_code SEPARATOR ',')
            FROM unit_predecessors p WHERE p.unit_id = u.id) AS predecessors
    FROM organisations o
    LEFT JOIN units u ON u.organisation_id = o.id AND u.authority_id = o.authority_id`;

export function listOrganisations(em: EntityManager, authorityId: number): Promise<OrganisationRow[]> {
  return rows<OrganisationRow>(em, `${SELECT} WHERE o.authority_id = ? ORDER BY o.code`, [authorityId]);
}

export async function findOrganisation(
  em: EntityManager,
  id: number,
  authorityId: number,
): Promise<OrganisationRow | undefined> {
  const [row] = await rows<OrganisationRow>(em, `${SELECT} WHERE o.id = ? AND o.authority_id = ?`, [id, authorityId]);
  return row;
}

export async function organisationCodeTaken(em: EntityManager, authorityId: number, code: string): Promise<boolean> {
  return (
    (await rows(em, 'SELECT 1 FROM organisations WHERE authority_id = ? AND code = ?', [authorityId, code])).length > 0
  );
}

export async function insertOrganisation(
  em: EntityManager,
  o: { authorityId: number; code: string; name: string; shortName: string | null; aliases: string[]; kind: string },
): Promise<number> {
  const result = await write(
    em,
    'INSERT INTO organisations (authority_id, code, name, short_name, aliases, kind) VALUES (?, ?, ?, ?, ?, ?)',
    [o.authorityId, o.code, o.name, o.shortName, JSON.stringify(o.aliases), o.kind],
  );
  return result.insertId;
}

export async function updateOrganisation(
  em: EntityManager,
  id: number,
  o: { name: string; shortName: string | null; aliases: string[] },
): Promise<void> {
  await write(em, 'UPDATE organisations SET name = ?, short_name = ?, aliases = ? WHERE id = ?', [
    o.name,
    o.shortName,
    JSON.stringify(o.aliases),
    id,
  ]);
}

export async function insertUnit(
  em: EntityManager,
  u: { authorityId: number; organisationId: number; code: string; name: string; unitGroup: string },
): Promise<number> {
  const result = await write(
    em,
    'INSERT INTO units (authority_id, organisation_id, code, name, unit_group) VALUES (?, ?, ?, ?, ?)',
    [u.authorityId, u.organisationId, u.code, u.name, u.unitGroup],
  );
  return result.insertId;
}

export async function updateUnit(em: EntityManager, id: number, u: { name: string; unitGroup: string }): Promise<void> {
  await write(em, 'UPDATE units SET name = ?, unit_group = ? WHERE id = ?', [u.name, u.unitGroup, id]);
}

/** Replace a unit's predecessors (codes) with these. */
export async function setPredecessors(em: EntityManager, unitId: number, codes: readonly string[]): Promise<void> {
  await write(em, 'DELETE FROM unit_predecessors WHERE unit_id = ?', [unitId]);
  for (const code of codes) {
    await write(em, 'INSERT INTO unit_predecessors (unit_id, predecessor_code) VALUES (?, ?)', [unitId, code]);
  }
}
