import { Inject, Injectable } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import { notFound } from '@lib/common';
import type { DataSource } from 'typeorm';
import { campaignExists } from '../campaigns/campaign.queries';
import type { SessionUser } from '../common/session-user';
import { isoDate } from '../consolidation/consolidation.service';
import type { PublicationDoc } from '../exports/documents';
import { PublicationErrors } from './publication.errors';
import {
  findPublication,
  publicationIdOf,
  publicationIds,
  publishedCampaignIds,
  publishedCampaigns,
  publishedTables,
} from './publication.queries';

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

/** Reading publications: the admin's revisions of a campaign, and the public rankings. */
@Injectable()
export class PublishedRankingsService {
  constructor(@Inject(DATA_SOURCE) private readonly ds: DataSource) {}

  async list(user: SessionUser, campaignId: number): Promise<PublicationView[]> {
    await this.assertCampaign(user, campaignId);
    const ids = await publicationIds(this.ds.manager, campaignId);
    return Promise.all(ids.map((id) => this.byId(id)));
  }

  async get(user: SessionUser, campaignId: number, revision: number): Promise<PublicationView> {
    await this.assertCampaign(user, campaignId);
    return this.byRevision(campaignId, revision);
  }

  async byRevision(campaignId: number, revision?: number): Promise<PublicationView> {
    const id = await publicationIdOf(this.ds.manager, campaignId, revision);
    if (id === undefined) {
      throw notFound('publication');
    }
    return this.byId(id);
  }

  async byId(id: number): Promise<PublicationView> {
    const em = this.ds.manager;
    const p = await findPublication(em, id);
    if (!p) {
      throw notFound('publication');
    }
    return {
      id: p.id,
      campaignId: p.campaignId,
      campaignCode: p.campaignCode,
      campaignName: p.campaignName,
      authorityCode: p.authorityCode,
      authorityName: p.authorityName,
      year: p.year,
      revision: p.revision,
      current: p.revision === p.latestRevision,
      decisionNumber: p.decisionNumber,
      decisionDate: isoDate(p.decisionDate),
      signerName: p.signerName,
      signerTitle: p.signerTitle,
      supersedesRevision: p.supersedesRevision,
      correctionReason: p.correctionReason,
      publishedAt: p.publishedAt.toISOString(),
      snapshotHash: p.snapshotHash,
      tables: await publishedTables(em, id),
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
    const found = await publishedCampaigns(this.ds.manager);
    return found.map((r) => ({ ...r, decisionDate: isoDate(r.decisionDate) }));
  }

  /** Public: one campaign's published tables by campaign code (and authority code when the code is ambiguous). */
  async publicGet(campaignCode: string, authorityCode?: string, revision?: number): Promise<PublicationView> {
    const found = await publishedCampaignIds(this.ds.manager, campaignCode, authorityCode);
    if (found.length === 0) {
      throw notFound('published ranking');
    }
    if (found.length > 1) {
      throw PublicationErrors.ambiguousCampaign();
    }
    return this.byRevision(found[0], revision);
  }

  async assertCampaign(user: SessionUser, campaignId: number): Promise<void> {
    if (!(await campaignExists(this.ds.manager, campaignId, user.authorityId))) {
      throw notFound('campaign');
    }
  }
}
