/**
 * Campaign setup's SQL (CampaignSetupService, test factories): the authority, organisations and units upserted by
 * code, content areas, and the campaign / campaign unit / score sheet rows — inside the caller's transaction.
 */
import { rows, write } from '@lib/database';
import type { WorkflowRunner } from '@lib/workflow';
import type { EntityManager } from 'typeorm';

/** An id and the code it was upserted by (authorities, organisations, units). */
export interface CodedRow {
  id: number;
  code: string;
}

/** The authority's code, else undefined. */
export async function authorityCode(em: EntityManager, authorityId: number): Promise<string | undefined> {
  const [own] = await rows<Pick<CodedRow, 'code'>>(em, 'SELECT code FROM authorities WHERE id = ?', [authorityId]);
  return own?.code;
}

/** Inserts the authority or renames it; returns its id. */
export async function upsertAuthority(
  em: EntityManager,
  a: { code: string; name: string; timeZone: string },
): Promise<number> {
  await write(
    em,
    'INSERT INTO authorities (code, name, timezone) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name)',
    [a.code, a.name, a.timeZone],
  );
  const [row] = await rows<Pick<CodedRow, 'id'>>(em, 'SELECT id FROM authorities WHERE code = ?', [a.code]);
  return row.id;
}

export async function upsertOrganisation(
  em: EntityManager,
  o: { authorityId: number; code: string; name: string; kind: string },
): Promise<void> {
  await write(
    em,
    'INSERT INTO organisations (authority_id, code, name, kind) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), kind = VALUES(kind)',
    [o.authorityId, o.code, o.name, o.kind],
  );
}

/** The authority's organisations: id by code. */
export async function organisationIdsByCode(em: EntityManager, authorityId: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const row of await rows<CodedRow>(em, 'SELECT id, code FROM organisations WHERE authority_id = ?', [
    authorityId,
  ])) {
    ids.set(row.code, row.id);
  }
  return ids;
}

export async function upsertUnit(
  em: EntityManager,
  u: { authorityId: number; organisationId: number | undefined; code: string; name: string; unitGroup: string },
): Promise<void> {
  await write(
    em,
    'INSERT INTO units (authority_id, organisation_id, code, name, unit_group) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name = VALUES(name), unit_group = VALUES(unit_group), organisation_id = VALUES(organisation_id)',
    [u.authorityId, u.organisationId, u.code, u.name, u.unitGroup],
  );
}

/** The authority's units: id by code. */
export async function unitIdsByCode(em: EntityManager, authorityId: number): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const row of await rows<CodedRow>(em, 'SELECT id, code FROM units WHERE authority_id = ?', [authorityId])) {
    ids.set(row.code, row.id);
  }
  return ids;
}

/** The id of the authority's campaign with this code, else undefined. */
export async function campaignIdByCode(
  em: EntityManager,
  authorityId: number,
  code: string,
): Promise<number | undefined> {
  const [existing] = await rows<Pick<CodedRow, 'id'>>(
    em,
    'SELECT id FROM campaigns WHERE authority_id = ? AND code = ?',
    [authorityId, code],
  );
  return existing?.id;
}

export async function insertContentArea(
  em: EntityManager,
  campaignId: number,
  area: { code: string; name: string },
): Promise<void> {
  await write(em, 'INSERT INTO content_areas (campaign_id, code, name) VALUES (?, ?, ?)', [
    campaignId,
    area.code,
    area.name,
  ]);
}

export async function insertContentAreaAppraiser(
  em: EntityManager,
  campaignId: number,
  contentArea: string,
  organisationId: number | undefined,
): Promise<void> {
  await write(em, 'INSERT INTO content_area_appraisers (campaign_id, content_area, organisation_id) VALUES (?, ?, ?)', [
    campaignId,
    contentArea,
    organisationId,
  ]);
}

/** A new workflow instance's columns. */
export type NewInstanceColumns = ReturnType<typeof WorkflowRunner.newInstanceColumns>;

/** Inserts the campaign row; returns its id. */
export async function insertCampaignRow(
  em: EntityManager,
  c: {
    authorityId: number;
    code: string;
    name: string;
    year: number;
    timeZone: string;
    planCode: string;
    plan: unknown;
  },
  columns: NewInstanceColumns,
): Promise<number> {
  const inserted = await write(
    em,
    `INSERT INTO campaigns (authority_id, code, name, year, timezone, plan_code, plan, machine_id, machine_version, state, snapshot, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      c.authorityId,
      c.code,
      c.name,
      c.year,
      c.timeZone,
      c.planCode,
      JSON.stringify(c.plan),
      columns.machine_id,
      columns.machine_version,
      columns.state,
      columns.snapshot,
      columns.version,
    ],
  );
  return inserted.insertId;
}

export async function insertCampaignUnit(
  em: EntityManager,
  u: { campaignId: number; unitId: number; unitGroup: string; criteriaSetId: number },
): Promise<void> {
  await write(
    em,
    'INSERT INTO campaign_units (campaign_id, unit_id, unit_group, criteria_set_id) VALUES (?, ?, ?, ?)',
    [u.campaignId, u.unitId, u.unitGroup, u.criteriaSetId],
  );
}

/** Inserts a draft score sheet row; returns its id. */
export async function insertScoreSheetRow(
  em: EntityManager,
  s: { campaignId: number; unitId: number; criteriaSetId: number },
  columns: NewInstanceColumns,
): Promise<number> {
  const sheet = await write(
    em,
    `INSERT INTO score_sheets (campaign_id, unit_id, criteria_set_id, machine_id, machine_version, state, snapshot, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      s.campaignId,
      s.unitId,
      s.criteriaSetId,
      columns.machine_id,
      columns.machine_version,
      columns.state,
      columns.snapshot,
      columns.version,
    ],
  );
  return sheet.insertId;
}

/** The authority, its organisations and units as a definition refers to them; undefined for an unknown authority. */
export async function authorityParties(
  em: EntityManager,
  authorityId: number,
): Promise<
  | {
      authority: { code: string; name: string; secretariat: string };
      organisations: { id: number; code: string; name: string; kind: string }[];
      units: { id: number; code: string; name: string; unitGroup: string; organisationId: number | null }[];
    }
  | undefined
> {
  const [authority] = await rows<{ code: string; name: string }>(
    em,
    'SELECT code, name FROM authorities WHERE id = ?',
    [authorityId],
  );
  if (!authority) {
    return undefined;
  }
  const organisations = await rows<{ id: number; code: string; name: string; kind: string }>(
    em,
    'SELECT id, code, name, kind FROM organisations WHERE authority_id = ? ORDER BY id',
    [authorityId],
  );
  const units = await rows<{
    id: number;
    code: string;
    name: string;
    unit_group: string;
    organisation_id: number | null;
  }>(em, 'SELECT id, code, name, unit_group, organisation_id FROM units WHERE authority_id = ? ORDER BY id', [
    authorityId,
  ]);
  return {
    authority: { ...authority, secretariat: organisations.find((o) => o.kind === 'secretariat')?.code ?? '' },
    organisations,
    units: units.map((u) => ({
      id: u.id,
      code: u.code,
      name: u.name,
      unitGroup: u.unit_group,
      organisationId: u.organisation_id,
    })),
  };
}

/** One column of the authority's criteria sets among `ids`, by id (another authority's set is simply absent). */
async function criteriaSetColumn(
  em: EntityManager,
  authorityId: number,
  ids: number[],
  column: 'code' | 'definition',
): Promise<Map<number, string>> {
  if (ids.length === 0) {
    return new Map();
  }
  const found = await rows<{ id: number; value: string }>(
    em,
    `SELECT id, ${column} AS value FROM criteria_sets WHERE authority_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
    [authorityId, ...ids],
  );
  return new Map(found.map((r) => [r.id, r.value]));
}

/** The codes of the authority's criteria sets among `ids` (another authority's set is simply absent). */
export function criteriaSetCodes(em: EntityManager, authorityId: number, ids: number[]): Promise<Map<number, string>> {
  return criteriaSetColumn(em, authorityId, ids, 'code');
}

/** The stored definitions (JSON text) of the authority's criteria sets among `ids`, by id. */
export function criteriaSetDefinitions(
  em: EntityManager,
  authorityId: number,
  ids: number[],
): Promise<Map<number, string>> {
  return criteriaSetColumn(em, authorityId, ids, 'definition');
}

/**
 * The authority's routing decisions so far: each content area → its name and the organisation codes of the newest
 * campaign that routed it (the routing editor proposes them again).
 */
export async function previousRouting(
  em: EntityManager,
  authorityId: number,
): Promise<Map<string, { appraisers: string[]; name: string }>> {
  const found = await rows<{ campaign_id: number; content_area: string; name: string; code: string }>(
    em,
    `SELECT a.campaign_id, a.content_area, ca.name, o.code
       FROM content_area_appraisers a
       JOIN campaigns c ON c.id = a.campaign_id
       JOIN content_areas ca ON ca.campaign_id = a.campaign_id AND ca.code = a.content_area
       JOIN organisations o ON o.id = a.organisation_id
      WHERE c.authority_id = ?
      ORDER BY c.id DESC, a.id`,
    [authorityId],
  );
  const out = new Map<string, { campaign: number; appraisers: string[]; name: string }>();
  for (const r of found) {
    const area = out.get(r.content_area) ?? { campaign: r.campaign_id, appraisers: [], name: r.name };
    if (area.campaign === r.campaign_id) {
      area.appraisers.push(r.code);
    }
    out.set(r.content_area, area);
  }
  return new Map([...out].map(([code, a]) => [code, { appraisers: a.appraisers, name: a.name }]));
}

/** The authority's organisations as the routing suggestion matches them (names, short names, aliases). */
export async function routableOrganisations(
  em: EntityManager,
  authorityId: number,
): Promise<{ code: string; name: string; shortName: string | null; aliases: string[] }[]> {
  const found = await rows<{ code: string; name: string; short_name: string | null; aliases: string | null }>(
    em,
    'SELECT code, name, short_name, aliases FROM organisations WHERE authority_id = ? ORDER BY id',
    [authorityId],
  );
  return found.map((o) => ({
    code: o.code,
    name: o.name,
    shortName: o.short_name,
    aliases: o.aliases ? (JSON.parse(o.aliases) as string[]) : [],
  }));
}
