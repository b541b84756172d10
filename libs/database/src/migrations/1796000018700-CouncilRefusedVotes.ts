import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refused council votes (issue 17): a vote that misses the campaign's quorum or threshold changes nothing, but the
 * minutes must still say it was taken and why it did not carry. One row per refused vote: what was voted on (the
 * result, or one unit's criterion), the counts, the rules in force and the refusal's Vietnamese sentence.
 */
export class CouncilRefusedVotes1796000018700 implements MigrationInterface {
  name = 'CouncilRefusedVotes1796000018700';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `council_refused_votes` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `session_id` int UNSIGNED NOT NULL, `unit_id` int UNSIGNED NULL, `criterion_code` varchar(32) NULL, `votes_for` int UNSIGNED NOT NULL, `votes_against` int UNSIGNED NOT NULL, `votes_abstain` int UNSIGNED NOT NULL, `voting_members` int UNSIGNED NOT NULL, `quorum` varchar(16) NOT NULL, `threshold` varchar(16) NOT NULL, `reason` text NOT NULL, `created_by` int UNSIGNED NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_council_refused_votes_session` (`session_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX `ix_council_refused_votes_session` ON `council_refused_votes`');
    await queryRunner.query('DROP TABLE `council_refused_votes`');
  }
}
