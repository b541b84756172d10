import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Invitations (issue 15 item 6): the first-sign-in link mailed to a new account. Only the SHA-256 of the token is
 * stored (a database read gives no working link); a link works once and until `expires_at`.
 */
export class UserInvitations1796000000002 implements MigrationInterface {
  name = 'UserInvitations1796000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `user_invitations` (`id` int UNSIGNED NOT NULL AUTO_INCREMENT, `user_id` int UNSIGNED NOT NULL, `token_hash` char(64) NOT NULL, `expires_at` datetime(6) NOT NULL, `used_at` datetime(6) NULL, `revoked_at` datetime(6) NULL, `created_by` int UNSIGNED NULL, `created_at` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_user_invitations_token` (`token_hash`), INDEX `ix_user_invitations_user` (`user_id`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `user_invitations`');
  }
}
