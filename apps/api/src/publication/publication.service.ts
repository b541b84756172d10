import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { notFound } from '@lib/common';
import { AuditLog, WorkflowRunner, assertWritable, dbNow, rows, write, type Actor } from '@lib/workflow';
import type { DataSource, EntityManager } from 'typeorm';
import type { SessionUser } from '../common/session-user';
import { ConsolidationEngine, type Consolidation } from '../consolidation/consolidation.engine';
import { isoDate, lockCampaignFor } from '../consolidation/consolidation.service';
import { checkCouncilScore, writeCouncilScore } from '../consolidation/council-score';
import type { PublicationDoc, PublishedRow, PublishedTable } from '../exports/documents';
import { PublicationErrors, REFUSED } from './publication.errors';

export interface DecisionInput {
  decisionNumber: string;
  decisionDate: string;
  signerName: string;
  signerTitle?: string;
}

export interface CorrectionChange {
  unitId: number;
  criterionCode: string;
  points: string;
  reason: string;
}

/** A publication with its frozen tables. */
export interface PublicationView extends PublicationDoc {
  id: number;
  campaignId: number;
  campaignCode: string;
  authorityCode: string;
  authorityName: string;
  supersedesRevision: number | null;
  /** True for the newest revision. */
  current: boolean;
  publishedAt: string;
  snapshotHash: string;
}

interface PublicationRow {
  id: number;
  campaign_id: number;
  revision: number;
  decision_number: string;
  decision_date: string | Date;
  signer_name: string;
  signer_title: string | null;
  supersedes_id: number | null;
  correction_reason: string | null;
  snapshot_hash: string;
  published_at: Date;
}

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
    })),
  }));
}

export function snapshotHash(tables: PublishedTable[]): string {
  return createHash('sha256').update(JSON.stringify(tables)).digest('hex');
}

/** Approval by leadership, publication decisions (revision 1) and corrections (revision n+1), and reading them. */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    private readonly runner: WorkflowRunner,
    private readonly audit: AuditLog,
  ) {}

  /** `leadership.approved` on the campaign (after the council's approval). */
  async approveByLeadership(user: SessionUser, campaignId: number, actor: Actor): Promise<{ state: string }> {
    await this.assertCampaign(user, campaignId);
    const out = await this.runner.transition({
      machineId: 'campaign',
      id: campaignId,
      event: ({ now }) => ({ type: 'leadership.approved', by: actor.label, at: now.toISOString() }),
      actor,
      before: async (em) => {
        await assertWritable(em, { writer: 'approval', campaignId });
      },
      onRefused: REFUSED.leadershipApproval,
    });
    return { state: out.state };
  }

  /**
   * Publish: freeze both ranking tables from the stored final scores as revision 1 and move the campaign to
   * `published` — one transaction, so a refused transition (no council or leadership approval) leaves nothing.
   */
  async publish(user: SessionUser, campaignId: number, input: DecisionInput, actor: Actor): Promise<PublicationView> {
    await this.assertCampaign(user, campaignId);
    const id = await this.ds.transaction(async (em) => {
      // The campaign row first, for update: two publications racing serialise here.
      await rows(em, 'SELECT id FROM campaigns WHERE id = ? FOR UPDATE', [campaignId]);
      await assertWritable(em, { writer: 'approval', campaignId });
      const [existing] = await rows<{ id: number }>(em, 'SELECT id FROM publications WHERE campaign_id = ? LIMIT 1', [
        campaignId,
      ]);
      if (existing) {
        throw PublicationErrors.alreadyPublished();
      }
      const pubId = await this.freeze(em, campaignId, 1, null, null, input, user.id);
      await this.runner.transitionIn(em, {
        machineId: 'campaign',
        id: campaignId,
        event: { type: 'campaign.published', publicationId: pubId },
        actor,
        auditData: { decisionNumber: input.decisionNumber, revision: 1 },
        onRefused: REFUSED.publication,
      });
      return pubId;
    });
    this.runner.nudgeRelay();
    return this.byId(id);
  }

  /**
   * A correction (đính chính): optional council-level score changes with reasons, then a new revision frozen
   * from the corrected scores. The previous revisions stay as they were.
   */
  async correct(
    user: SessionUser,
    campaignId: number,
    input: DecisionInput & { reason: string; changes?: CorrectionChange[] },
    actor: Actor,
  ): Promise<PublicationView> {
    await this.assertCampaign(user, campaignId);
    const id = await this.ds.transaction(async (em) => {
      await lockCampaignFor(em, campaignId, user.authorityId, 'correction');
      const [last] = await rows<{ id: number; revision: number }>(
        em,
        'SELECT id, revision FROM publications WHERE campaign_id = ? ORDER BY revision DESC LIMIT 1 FOR UPDATE',
        [campaignId],
      );
      if (!last) {
        throw notFound('publication');
      }
      const now = await dbNow(em);
      if (input.changes && input.changes.length > 0) {
        await this.applyCorrections(em, campaignId, input.changes, user.id);
      }
      const pubId = await this.freeze(em, campaignId, last.revision + 1, last.id, input.reason, input, user.id);
      await this.audit.record(
        em,
        actor,
        {
          action: 'publication.corrected',
          entityType: 'campaign',
          entityId: campaignId,
          data: {
            revision: last.revision + 1,
            supersedes: last.revision,
            reason: input.reason,
            changes: input.changes ?? [],
          },
        },
        now,
      );
      return pubId;
    });
    return this.byId(id);
  }

  private async applyCorrections(em: EntityManager, campaignId: number, changes: CorrectionChange[], userId: number) {
    const engine = new ConsolidationEngine(em);
    // The score_entries trigger refuses writes to a published campaign unless this session says it is a correction.
    await em.query('SET @par_correction = 1');
    try {
      for (const ch of changes) {
        const score = await checkCouncilScore(em, campaignId, ch, engine);
        await writeCouncilScore(em, score, `Đính chính: ${ch.reason}`, userId);
      }
    } finally {
      await em.query('SET @par_correction = NULL');
    }
  }

  /** Insert the publication row and its frozen rankings; returns the id. */
  private async freeze(
    em: EntityManager,
    campaignId: number,
    revision: number,
    supersedesId: number | null,
    reason: string | null,
    input: DecisionInput,
    userId: number,
  ): Promise<number> {
    const consolidation = await new ConsolidationEngine(em).consolidate(campaignId);
    const tables = tablesOf(consolidation);
    const inserted = await write(
      em,
      `INSERT INTO publications (campaign_id, revision, decision_number, decision_date, signer_name, signer_title, supersedes_id, correction_reason, snapshot_hash, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        campaignId,
        revision,
        input.decisionNumber,
        input.decisionDate.slice(0, 10),
        input.signerName,
        input.signerTitle ?? null,
        supersedesId,
        reason,
        snapshotHash(tables),
        userId,
      ],
    );
    const values: unknown[] = [];
    const marks: string[] = [];
    for (const t of tables) {
      for (const r of t.rows) {
        marks.push('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
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
        );
      }
    }
    if (marks.length > 0) {
      await write(
        em,
        `INSERT INTO published_rankings (publication_id, table_no, unit_group, group_name, position, \`rank\`, tied, unit_id, unit_code, unit_name, index_hundredths, achieved_milli, max_milli, class_key, class_name, fields)
         VALUES ${marks.join(', ')}`,
        values,
      );
    }
    return inserted.insertId;
  }

  async list(user: SessionUser, campaignId: number): Promise<PublicationView[]> {
    await this.assertCampaign(user, campaignId);
    const found = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT id FROM publications WHERE campaign_id = ? ORDER BY revision',
      [campaignId],
    );
    return Promise.all(found.map((p) => this.byId(p.id)));
  }

  async get(user: SessionUser, campaignId: number, revision: number): Promise<PublicationView> {
    await this.assertCampaign(user, campaignId);
    return this.byRevision(campaignId, revision);
  }

  async byRevision(campaignId: number, revision?: number): Promise<PublicationView> {
    const [p] = await rows<{ id: number }>(
      this.ds.manager,
      revision === undefined
        ? 'SELECT id FROM publications WHERE campaign_id = ? ORDER BY revision DESC LIMIT 1'
        : 'SELECT id FROM publications WHERE campaign_id = ? AND revision = ?',
      revision === undefined ? [campaignId] : [campaignId, revision],
    );
    if (!p) {
      throw notFound('publication');
    }
    return this.byId(p.id);
  }

  async byId(id: number): Promise<PublicationView> {
    const em = this.ds.manager;
    const [p] = await rows<
      PublicationRow & {
        code: string;
        name: string;
        year: number;
        authority_code: string;
        authority_name: string;
        latest: number;
      }
    >(
      em,
      `SELECT p.*, c.code, c.name, c.year, a.code AS authority_code, a.name AS authority_name,
              (SELECT MAX(revision) FROM publications x WHERE x.campaign_id = p.campaign_id) AS latest
         FROM publications p JOIN campaigns c ON c.id = p.campaign_id JOIN authorities a ON a.id = c.authority_id
        WHERE p.id = ?`,
      [id],
    );
    if (!p) {
      throw notFound('publication');
    }
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
    }>(em, 'SELECT * FROM published_rankings WHERE publication_id = ? ORDER BY table_no, position', [id]);
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
      };
      t.rows.push(row);
    }
    let supersedesRevision: number | null = null;
    if (p.supersedes_id !== null) {
      const [s] = await rows<{ revision: number }>(em, 'SELECT revision FROM publications WHERE id = ?', [
        p.supersedes_id,
      ]);
      supersedesRevision = s?.revision ?? null;
    }
    return {
      id: p.id,
      campaignId: p.campaign_id,
      campaignCode: p.code,
      campaignName: p.name,
      authorityCode: p.authority_code,
      authorityName: p.authority_name,
      year: p.year,
      revision: p.revision,
      current: p.revision === Number(p.latest),
      decisionNumber: p.decision_number,
      decisionDate: isoDate(p.decision_date),
      signerName: p.signer_name,
      signerTitle: p.signer_title,
      supersedesRevision,
      correctionReason: p.correction_reason,
      publishedAt: new Date(p.published_at).toISOString(),
      snapshotHash: p.snapshot_hash,
      tables: [...tables.values()],
    };
  }

  /** Public: the campaigns that have a publication (latest revision of each). */
  async publicList(): Promise<
    Array<{
      authorityCode: string;
      authorityName: string;
      campaignCode: string;
      campaignName: string;
      year: number;
      revision: number;
      decisionNumber: string;
      decisionDate: string;
    }>
  > {
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
      this.ds.manager,
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
      decisionDate: isoDate(r.decision_date),
    }));
  }

  /** Public: one campaign's published tables by campaign code (and authority code when the code is ambiguous). */
  async publicGet(campaignCode: string, authorityCode?: string, revision?: number): Promise<PublicationView> {
    const found = await rows<{ id: number }>(
      this.ds.manager,
      `SELECT DISTINCT c.id FROM campaigns c JOIN authorities a ON a.id = c.authority_id JOIN publications p ON p.campaign_id = c.id
        WHERE c.code = ?${authorityCode ? ' AND a.code = ?' : ''}`,
      authorityCode ? [campaignCode, authorityCode] : [campaignCode],
    );
    if (found.length === 0) {
      throw notFound('published ranking');
    }
    if (found.length > 1) {
      throw PublicationErrors.ambiguousCampaign();
    }
    return this.byRevision(found[0].id, revision);
  }

  private async assertCampaign(user: SessionUser, campaignId: number): Promise<void> {
    const [c] = await rows<{ id: number }>(
      this.ds.manager,
      'SELECT id FROM campaigns WHERE id = ? AND authority_id = ?',
      [campaignId, user.authorityId],
    );
    if (!c) {
      throw notFound('campaign');
    }
  }
}
