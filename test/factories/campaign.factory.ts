import type { Phase } from '@lib/criteria';
import { insertCampaign } from '../../apps/api/src/campaigns/campaign-setup.service';
import type { WorkflowRunner } from '@lib/workflow';
import { rows, write } from '@lib/database';
import type { DataSource } from 'typeorm';

let sequence = 0;

/** An authority row (the tenant) with overrides. */
export async function createAuthority(
  ds: DataSource,
  overrides: Partial<{ code: string; name: string; timezone: string }> = {},
): Promise<number> {
  sequence++;
  const result = await write(ds.manager, 'INSERT INTO authorities (code, name, timezone) VALUES (?, ?, ?)', [
    overrides.code ?? `auth-${process.pid}-${sequence}-${Date.now()}`,
    overrides.name ?? `UBND thử nghiệm ${sequence}`,
    overrides.timezone ?? 'Asia/Ho_Chi_Minh',
  ]);
  return result.insertId;
}

export interface CampaignFactoryOptions {
  authorityId?: number;
  /** Instants per phase; defaults: self-assessment in 30 days, then +15, +15, +30. */
  deadlines?: Partial<Record<Phase, Date>>;
  /** Send `campaign.opened` so the self-assessment phase (and its deadline job) starts. */
  open?: boolean;
}

/** A campaign row with its started `campaign` machine, created the way campaign setup creates one. */
export async function createCampaign(
  ds: DataSource,
  runner: WorkflowRunner,
  options: CampaignFactoryOptions = {},
): Promise<number> {
  const authorityId = options.authorityId ?? (await createAuthority(ds));
  const day = 24 * 3600 * 1000;
  const base = Date.now() + 30 * day;
  const deadlines: Record<Phase, Date> = {
    selfAssessment: options.deadlines?.selfAssessment ?? new Date(base),
    appraisal: options.deadlines?.appraisal ?? new Date(base + 15 * day),
    councilReview: options.deadlines?.councilReview ?? new Date(base + 30 * day),
    approval: options.deadlines?.approval ?? new Date(base + 60 * day),
  };
  sequence++;
  // The same insert and machine start as campaign setup (a campaign without a plan file behind it).
  const id = await ds.transaction((em) =>
    insertCampaign(em, runner, {
      authorityId,
      code: `c${sequence}`,
      name: `Chỉ số CCHC thử nghiệm ${sequence}`,
      year: 2023,
      timeZone: 'Asia/Ho_Chi_Minh',
      planCode: 'test',
      plan: {},
      deadlines,
      actor: { userId: null, label: 'system:test' },
    }),
  );
  if (options.open ?? true) {
    await runner.transition({
      machineId: 'campaign',
      id,
      event: { type: 'campaign.opened' },
      actor: { userId: null, label: 'system:test' },
    });
  }
  return id;
}

export async function campaignState(ds: DataSource, id: number): Promise<{ state: string; version: number }> {
  const [row] = await rows<{ state: string; version: number }>(
    ds.manager,
    'SELECT state, version FROM campaigns WHERE id = ?',
    [id],
  );
  return row;
}
