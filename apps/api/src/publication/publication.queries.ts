/**
 * The publication aggregate's SQL (publications and their frozen published_rankings): the one place that
 * reads or writes them, with one row mapping for a publication and one for a ranked row.
 */
import { rows, write } from '@lib/database';
import type { EntityManager } from 'typeorm';
import type { PublishedRow, PublishedTable } from '../exports/documents';

/** A publication row with its campaign's and authority's names, and whether a newer revision exists. */
export interface PublicationRecord {
  id: number;
  campaignId: number;
  campaignCode: string;
  campaignName: string;
  year: number;
  authorityCode: string;
  authorityName: string;
  revision: number;
  latestRevision: number;
  decisionNumber: string;
  decisionDate: string | Date;
  signerName: string;
  signerTitle: string | null;
  supersedesRevision: number | null;
  correctionReason: string | null;
  snapshotHash: string;
  publishedAt: Date;
}

export async function findPublication(em: EntityManager, id: number): Promise<PublicationRecord | undefined> {
  const [p] = await rows<{
    id: number;
    campaign_id: number;
    revision: number;
    decision_number: string;
    decision_date: string | Date;
    signer_name: string;
    signer_title: string | null;
    correction_reason: string | null;
    snapshot_hash: string;
    published_at: Date;
    code: string;
    name: string;
    year: number;
    authority_code: string;
    authority_name: string;
    latest: number | string;
    supersedes_revision: number | null;
  }>(
    em,
    `SELECT p.id, p.campaign_id, p.revision, p.decision_number, p.decision_date, p.signer_name, p.signer_title,
            p.correction_reason, p.snapshot_hash, p.published_at,
            c.code, c.name, c.year, a.code AS authority_code, a.name AS authority_name,
            (SELECT MAX(revision) FROM publications x WHERE x.campaign_id = p.campaign_id) AS latest,
            (SELECT s.revision FROM publications s WHERE s.id = p.supersedes_id) AS supersedes_revision
       FROM publications p JOIN campaigns c ON c.id = p.campaign_id JOIN authorities a ON a.id = c.authority_id
      WHERE p.id = ?`,
    [id],
  );
  return (
    p && {
      id: p.id,
      campaignId: p.campaign_id,
      campaignCode: p.code,
      campaignName: p.name,
      year: p.year,
      authorityCode: p.authority_code,
      authorityName: p.authority_name,
      revision: p.revision,
      latestRevision: Number(p.latest),
      decisionNumber: p.decision_number,
      decisionDate: p.decision_date,
      signerName: p.signer_name,
      signerTitle: p.signer_title,
      supersedesRevision: p.supersedes_revision,
      correctionReason: p.correction_reason,
      snapshotHash: p.snapshot_hash,
      publishedAt: new Date(p.published_at),
    }
  );
}

/** The frozen ranking tables of a publication, in table order, rows by position. */
export async function publishedTables(em: EntityManager, publicationId: number): Promise<PublishedTable[]> {
  const ranked = await rows<{
    table_no: number;
    unit_group: string;
    group_name: string;
    position: number;
    rank: number;
    tied: number;
    unit_id: number;
    unit_code: string;
    unit_name: string;
    index_hundredths: number;
    achieved_milli: number;
    max_milli: number;
    class_key: string | null;
    class_name: string | null;
    fields: string;
    excluded_reason: string | null;
  }>(
    em,
    `SELECT table_no, unit_group, group_name, position, \`rank\`, tied, unit_id, unit_code, unit_name, index_hundredths,
            achieved_milli, max_milli, class_key, class_name, fields, excluded_reason
       FROM published_rankings WHERE publication_id = ? ORDER BY table_no, position`,
    [publicationId],
  );
  const tables = new Map<number, PublishedTable>();
  for (const r of ranked) {
    let t = tables.get(r.table_no);
    if (!t) {
      t = {
        tableNo: r.table_no,
        group: r.unit_group,
        groupName: r.group_name,
        title: `Bảng ${r.table_no}: ${r.group_name}`,
        rows: [],
      };
      tables.set(r.table_no, t);
    }
    const row: PublishedRow = {
      position: r.position,
      rank: r.rank,
      tied: Boolean(r.tied),
      unitId: r.unit_id,
      unitCode: r.unit_code,
      unitName: r.unit_name,
      indexHundredths: r.index_hundredths,
      achievedMilli: r.achieved_milli,
      maxMilli: r.max_milli,
      classKey: r.class_key,
      className: r.class_name,
      fields: JSON.parse(r.fields) as PublishedRow['fields'],
      ...(r.excluded_reason !== null ? { excludedReason: r.excluded_reason } : {}),
    };
    t.rows.push(row);
  }
  return [...tables.values()];
}

/** The publication ids of a campaign, oldest revision first. */
export async function publicationIds(em: EntityManager, campaignId: number): Promise<number[]> {
  const found = await rows<{ id: number }>(em, 'SELECT id FROM publications WHERE campaign_id = ? ORDER BY revision', [
    campaignId,
  ]);
  return found.map((p) => p.id);
}

/** The id of a revision of the campaign's publication (the newest when none is named). */
export async function publicationIdOf(
  em: EntityManager,
  campaignId: number,
  revision?: number,
): Promise<number | undefined> {
  const [p] = await rows<{ id: number }>(
    em,
    revision === undefined
      ? 'SELECT id FROM publications WHERE campaign_id = ? ORDER BY revision DESC LIMIT 1'
      : 'SELECT id FROM publications WHERE campaign_id = ? AND revision = ?',
    revision === undefined ? [campaignId] : [campaignId, revision],
  );
  return p?.id;
}

/** Inside the caller's transaction: the newest revision, locked so two corrections number themselves in turn. */
/**
 * The campaign row, locked for update (two publications racing serialise here), with its machine's columns: what
 * the publication guard steps on a copy to know whether `campaign.published` would be accepted.
 */
export async function lockCampaignMachine(
  em: EntityManager,
  campaignId: number,
): Promise<{ machine_id: string; machine_version: number; state: string; snapshot: string } | undefined> {
  const [campaign] = await rows<{ machine_id: string; machine_version: number; state: string; snapshot: string }>(
    em,
    'SELECT machine_id, machine_version, state, snapshot FROM campaigns WHERE id = ? FOR UPDATE',
    [campaignId],
  );
  return campaign;
}

export async function lockLatestPublication(
  em: EntityManager,
  campaignId: number,
): Promise<{ id: number; revision: number } | undefined> {
  const [last] = await rows<{ id: number; revision: number }>(
    em,
    'SELECT id, revision FROM publications WHERE campaign_id = ? ORDER BY revision DESC LIMIT 1 FOR UPDATE',
    [campaignId],
  );
  return last;
}

/** A publication decision to store with its frozen tables. */
export interface NewPublication {
  campaignId: number;
  revision: number;
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  signerTitle: string | null;
  supersedesId: number | null;
  correctionReason: string | null;
  snapshotHash: string;
  publishedBy: number;
}

/** Inserts the publication row and its frozen rankings (one multi-row INSERT); returns the id. */
export async function insertPublication(
  em: EntityManager,
  pub: NewPublication,
  tables: readonly PublishedTable[],
): Promise<number> {
  const inserted = await write(
    em,
    `INSERT INTO publications (campaign_id, revision, decision_number, decision_date, signer_name, signer_title, supersedes_id, correction_reason, snapshot_hash, published_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      pub.campaignId,
      pub.revision,
      pub.decisionNumber,
      pub.decisionDate,
      pub.signerName,
      pub.signerTitle,
      pub.supersedesId,
      pub.correctionReason,
      pub.snapshotHash,
      pub.publishedBy,
    ],
  );
  const values: unknown[] = [];
  const marks: string[] = [];
  for (const t of tables) {
    for (const r of t.rows) {
      marks.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
      values.push(
        inserted.insertId,
        t.tableNo,
        t.group,
        t.groupName,
        r.position,
        r.rank,
        r.tied,
        r.unitId,
        r.unitCode,
        r.unitName,
        r.indexHundredths,
        r.achievedMilli,
        r.maxMilli,
        r.classKey,
        r.className,
        JSON.stringify(r.fields),
        r.excludedReason ?? null,
      );
    }
  }
  if (marks.length > 0) {
    await write(
      em,
      `INSERT INTO published_rankings (publication_id, table_no, unit_group, group_name, position, \`rank\`, tied, unit_id, unit_code, unit_name, index_hundredths, achieved_milli, max_milli, class_key, class_name, fields, excluded_reason)
       VALUES ${marks.join(', ')}`,
      values,
    );
  }
  return inserted.insertId;
}

/**
 * Runs `fn` as a correction: the score_entries trigger refuses writes to a published campaign unless the
 * session says it is one (@par_correction), and the flag is cleared even when `fn` throws.
 */
export async function asCorrection<T>(em: EntityManager, fn: () => Promise<T>): Promise<T> {
  await write(em, 'SET @par_correction = 1');
  try {
    return await fn();
  } finally {
    await write(em, 'SET @par_correction = NULL');
  }
}

/** The newest revision of every published campaign, newest year first. */
export interface PublishedCampaign {
  authorityCode: string;
  authorityName: string;
  campaignCode: string;
  campaignName: string;
  year: number;
  revision: number;
  decisionNumber: string;
  decisionDate: string | Date;
}

export async function publishedCampaigns(em: EntityManager): Promise<PublishedCampaign[]> {
  const found = await rows<{
    authority_code: string;
    authority_name: string;
    code: string;
    name: string;
    year: number;
    revision: number;
    decision_number: string;
    decision_date: string | Date;
  }>(
    em,
    `SELECT a.code AS authority_code, a.name AS authority_name, c.code, c.name, c.year, p.revision, p.decision_number, p.decision_date
       FROM publications p JOIN campaigns c ON c.id = p.campaign_id JOIN authorities a ON a.id = c.authority_id
      WHERE p.revision = (SELECT MAX(revision) FROM publications x WHERE x.campaign_id = p.campaign_id)
      ORDER BY c.year DESC, a.code, c.code`,
  );
  return found.map((r) => ({
    authorityCode: r.authority_code,
    authorityName: r.authority_name,
    campaignCode: r.code,
    campaignName: r.name,
    year: r.year,
    revision: r.revision,
    decisionNumber: r.decision_number,
    decisionDate: r.decision_date,
  }));
}

/** Ids of published campaigns with the code (of the authority with the code, when named). */
export async function publishedCampaignIds(
  em: EntityManager,
  campaignCode: string,
  authorityCode?: string,
): Promise<number[]> {
  const found = await rows<{ id: number }>(
    em,
    `SELECT DISTINCT c.id FROM campaigns c JOIN authorities a ON a.id = c.authority_id JOIN publications p ON p.campaign_id = c.id
      WHERE c.code = ?${authorityCode ? ' AND a.code = ?' : ''}`,
    authorityCode ? [campaignCode, authorityCode] : [campaignCode],
  );
  return found.map((r) => r.id);
}
