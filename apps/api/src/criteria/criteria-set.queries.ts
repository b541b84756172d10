/**
 * Criteria sets as stored (versioned per authority × code; a stored version is never changed): the one place
 * that reads or writes `criteria_sets`, with one row mapping.
 */
import type { CriteriaSet } from '@lib/criteria';
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';

export interface StoredCriteriaSetRow {
  id: number;
  authorityId: number;
  code: string;
  version: number;
  title: string;
  unitGroup: string;
  maxMilli: number;
  createdAt: Date;
  /** The definition as stored (JSON text): compared byte for byte by the store, parsed by `definitionOf`. */
  definitionJson: string;
  /** Campaign units scored against this version (a used version is only ever the base of a new one). */
  usedBy: number;
}

interface RawCriteriaSet {
  id: number;
  authority_id: number;
  code: string;
  version: number;
  title: string;
  unit_group: string;
  max_milli: number | string;
  created_at: Date;
  definition: string;
  used_by: number | string;
}

const USED_BY = '(SELECT COUNT(*) FROM campaign_units cu WHERE cu.criteria_set_id = s.id) AS used_by';
const COLUMNS =
  's.id, s.authority_id, s.code, s.version, s.title, s.unit_group, s.max_milli, s.created_at, s.definition';
const SELECT_SET = `SELECT ${COLUMNS}, ${USED_BY} FROM criteria_sets s`;

function toRow(r: RawCriteriaSet): StoredCriteriaSetRow {
  return {
    id: r.id,
    authorityId: r.authority_id,
    code: r.code,
    version: r.version,
    title: r.title,
    unitGroup: r.unit_group,
    maxMilli: Number(r.max_milli),
    createdAt: new Date(r.created_at),
    definitionJson: r.definition,
    usedBy: Number(r.used_by),
  };
}

export function definitionOf(row: Pick<StoredCriteriaSetRow, 'definitionJson'>): CriteriaSet {
  return JSON.parse(row.definitionJson) as CriteriaSet;
}

/** A stored version by id (of the given authority when one is named); undefined when there is none. */
export async function findCriteriaSet(
  em: EntityManager,
  id: number,
  authorityId?: number,
): Promise<StoredCriteriaSetRow | undefined> {
  const [raw] = await rows<RawCriteriaSet>(
    em,
    `${SELECT_SET} WHERE s.id = ?${authorityId === undefined ? '' : ' AND s.authority_id = ?'}`,
    authorityId === undefined ? [id] : [id, authorityId],
  );
  return raw && toRow(raw);
}

/** The version a score sheet is scored against. */
export async function findCriteriaSetOfSheet(
  em: EntityManager,
  sheetId: number,
): Promise<StoredCriteriaSetRow | undefined> {
  const [raw] = await rows<RawCriteriaSet>(
    em,
    `${SELECT_SET} JOIN score_sheets sheet ON sheet.criteria_set_id = s.id WHERE sheet.id = ?`,
    [sheetId],
  );
  return raw && toRow(raw);
}

/** Inside the caller's transaction: the newest version of a code, locked so two imports do not race. */
export async function lockLatestCriteriaSet(
  em: EntityManager,
  authorityId: number,
  code: string,
): Promise<StoredCriteriaSetRow | undefined> {
  const [raw] = await rows<RawCriteriaSet>(
    em,
    // Without the use count: a locking read would lock the campaign units it counts too.
    `SELECT ${COLUMNS}, 0 AS used_by FROM criteria_sets s WHERE s.authority_id = ? AND s.code = ? ORDER BY s.version DESC LIMIT 1 FOR UPDATE`,
    [authorityId, code],
  );
  return raw && toRow(raw);
}

export async function insertCriteriaSet(
  em: EntityManager,
  set: Omit<StoredCriteriaSetRow, 'id' | 'createdAt' | 'usedBy'>,
): Promise<number> {
  const inserted = await write(
    em,
    'INSERT INTO criteria_sets (authority_id, code, version, title, unit_group, max_milli, definition) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [set.authorityId, set.code, set.version, set.title, set.unitGroup, set.maxMilli, set.definitionJson],
  );
  return inserted.insertId;
}

/** Every stored version of an authority, newest version of each code first, with how many campaign units use it. */
export async function listCriteriaSets(em: EntityManager, authorityId: number): Promise<StoredCriteriaSetRow[]> {
  const found = await rows<RawCriteriaSet>(
    em,
    `SELECT s.id, s.authority_id, s.code, s.version, s.title, s.unit_group, s.max_milli, s.created_at, '' AS definition, ${USED_BY}
       FROM criteria_sets s WHERE s.authority_id = ? ORDER BY s.code, s.version DESC`,
    [authorityId],
  );
  return found.map(toRow);
}

/**
 * The wording of each content-area key in the authority's campaigns (the routing table names every area), the newest
 * campaign's wording first: how the edit form names an area the set itself gives no wording for.
 */
export async function contentAreaNamesOfAuthority(
  em: EntityManager,
  authorityId: number,
): Promise<Map<string, string>> {
  const found = await rows<{ code: string; name: string }>(
    em,
    `SELECT ca.code, ca.name FROM content_areas ca JOIN campaigns c ON c.id = ca.campaign_id
      WHERE c.authority_id = ? ORDER BY c.id DESC`,
    [authorityId],
  );
  const names = new Map<string, string>();
  for (const r of found) {
    if (!names.has(r.code)) {
      names.set(r.code, r.name);
    }
  }
  return names;
}
