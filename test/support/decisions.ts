import type { DataSource } from 'typeorm';

/**
 * A decision (council approval, leadership approval, publication) refuses a campaign with units not submitted,
 * tasks not completed or clarifications waiting (test/campaigns/decision-readiness.int-spec.ts). Suites about
 * something else that walk the Uông Bí plan with only a few of its 22 units set those aside in SQL first: the
 * guardrail is not what they test.
 */
export async function setAsideDecisionBlockers(ds: DataSource, campaignId: number): Promise<void> {
  await ds.query("UPDATE score_sheets SET state = 'final' WHERE campaign_id = ? AND state IN ('draft', 'locked')", [
    campaignId,
  ]);
  await ds.query("UPDATE appraisal_tasks SET state = 'completed' WHERE campaign_id = ? AND state <> 'completed'", [
    campaignId,
  ]);
  await ds.query(
    `UPDATE appraisal_clarifications c JOIN appraisal_tasks t ON t.id = c.task_id
        SET c.status = 'answered' WHERE t.campaign_id = ? AND c.status = 'open'`,
    [campaignId],
  );
}
