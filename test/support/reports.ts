import type { INestApplicationContext } from '@nestjs/common';
import { DATA_SOURCE } from '@lib/database';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '@lib/database';
import type { AppConfig } from '@config';
import {
  EvidenceStorage,
  PublicationService,
  PublishedRankingsService,
  ReportsProcessor,
} from '../../apps/api/src/app.factory';

/** What a test session needs to ask for a report job (TestSession.fetch). */
interface Fetcher {
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** POST /api/campaigns/{id}/report-jobs with the given body; the raw answer (202, 404 …). */
export function requestReportJob(
  s: Fetcher,
  campaignId: number,
  body: { kind: string; revision?: number; subjectId?: number },
): Promise<Response> {
  return s.fetch(`/api/campaigns/${campaignId}/report-jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * Build a report job with the reports process's own handler, in this test's api process (its database, storage
 * and config): specs whose subject is not the reports process check the file a job makes without starting one.
 * The BullMQ job the request added stays queued, unconsumed (the namespace's queue is the test's own).
 */
export async function buildReportJobHere(api: INestApplicationContext, reportJobId: number): Promise<void> {
  const ds = api.get<DataSource>(DATA_SOURCE);
  const processor = new ReportsProcessor(
    ds,
    api.get<AppConfig>(APP_CONFIG),
    api.get(EvidenceStorage, { strict: false }),
    new PublishedRankingsService(ds),
    api.get(PublicationService, { strict: false }),
  );
  await processor.build({ reportJobId });
}

/** Ask for a job, build it here, and download its file: the job's id and GET /api/report-jobs/{id}/file's answer. */
export async function reportFileVia(
  api: INestApplicationContext,
  s: Fetcher,
  campaignId: number,
  body: { kind: string; revision?: number; subjectId?: number },
): Promise<{ jobId: number; file: Response }> {
  const accepted = await requestReportJob(s, campaignId, body);
  if (accepted.status !== 202) {
    throw new Error(`report job ${JSON.stringify(body)}: ${accepted.status} ${await accepted.text()}`);
  }
  const { job } = (await accepted.json()) as { job: { id: number } };
  await buildReportJobHere(api, job.id);
  return { jobId: job.id, file: await s.fetch(`/api/report-jobs/${job.id}/file`) };
}

/**
 * POST a publication (or with `correction`, a correction) and build its job here, like the reports process would:
 * the 202's job, built; throws on any other answer. The job's state after building is the caller's to check.
 */
export async function publishVia(
  api: INestApplicationContext,
  s: Fetcher,
  campaignId: number,
  body: Record<string, unknown>,
  correction = false,
): Promise<{ jobId: number; revision: number }> {
  const accepted = await s.fetch(`/api/campaigns/${campaignId}/publications${correction ? '/corrections' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (accepted.status !== 202) {
    throw new Error(`publication: ${accepted.status} ${await accepted.text()}`);
  }
  const { job } = (await accepted.json()) as { job: { id: number; revision: number } };
  await buildReportJobHere(api, job.id);
  return { jobId: job.id, revision: job.revision };
}
