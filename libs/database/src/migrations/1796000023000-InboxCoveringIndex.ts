import { MigrationInterface, QueryRunner } from 'typeorm';

/** The inbox page's columns of appraisal_tasks (and the predicates' confirmer), after the order it reads in. */
const PAGE_COLUMNS =
  '`sheet_id`, `unit_id`, `content_area`, `version`, `assignee_user_id`, `original_assignee_user_id`, `follow_up_at`, `conflict_of_interest`, `completed_at`, `confirmer_organisation_id`';

/**
 * Issue 19: the inbox index covers the page. An organisation's "unclaimed" page walks (campaign_id, state, due_at,
 * id) in order and keeps the tasks it is a candidate for: with ten appraising organisations, about 500 index entries
 * for a page of 50. Each entry cost a read of the whole task row (its snapshot included) before the candidate was
 * checked. With every column the page reads in the index, only the ~50 kept tasks lead anywhere: p95 0.78–0.83 ms
 * against 0.88–1.14 ms on 1,000,000 tasks, the bare two-column query 0.57–0.83 ms. Transitions already rewrote this
 * entry when the state changed; `version` now makes every transition of a task rewrite it.
 */
export class InboxCoveringIndex1796000023000 implements MigrationInterface {
  name = 'InboxCoveringIndex1796000023000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`appraisal_tasks\` DROP INDEX \`ix_appraisal_tasks_inbox\`, ADD INDEX \`ix_appraisal_tasks_inbox\` (\`campaign_id\`, \`state\`, \`due_at\`, \`id\`, ${PAGE_COLUMNS})`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE `appraisal_tasks` DROP INDEX `ix_appraisal_tasks_inbox`, ADD INDEX `ix_appraisal_tasks_inbox` (`campaign_id`, `state`, `due_at`, `id`)',
    );
  }
}
