import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvidence1795559554992 implements MigrationInterface {
  name = 'CreateEvidence1795559554992';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`evidence_files\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`sha256\` char(64) NOT NULL, \`size_bytes\` bigint UNSIGNED NOT NULL, \`storage_key\` varchar(255) NOT NULL, \`pdf_version\` varchar(16) NOT NULL, \`risk_flags\` text NOT NULL, \`signature_verdict\` varchar(32) NOT NULL, \`signatures\` longtext NOT NULL, \`signed_at\` datetime(6) NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_evidence_files_sha256\` (\`sha256\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`evidence\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`sheet_id\` int UNSIGNED NOT NULL, \`file_id\` int UNSIGNED NOT NULL, \`original_filename\` varchar(255) NOT NULL, \`document_type\` varchar(64) NOT NULL, \`document_number\` varchar(128) NOT NULL, \`issued_on\` date NOT NULL, \`issuing_body\` varchar(255) NOT NULL, \`summary\` text NOT NULL, \`uploaded_by\` int UNSIGNED NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX \`uq_evidence_sheet_file\` (\`sheet_id\`, \`file_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`evidence_links\` (\`id\` int UNSIGNED NOT NULL AUTO_INCREMENT, \`evidence_id\` int UNSIGNED NOT NULL, \`sheet_id\` int UNSIGNED NOT NULL, \`criterion_code\` varchar(32) NOT NULL, \`created_by\` int UNSIGNED NOT NULL, \`created_at\` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX \`ix_evidence_links_sheet_code\` (\`sheet_id\`, \`criterion_code\`), UNIQUE INDEX \`uq_evidence_links_evidence_code\` (\`evidence_id\`, \`criterion_code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`uq_evidence_links_evidence_code\` ON \`evidence_links\``);
    await queryRunner.query(`DROP INDEX \`ix_evidence_links_sheet_code\` ON \`evidence_links\``);
    await queryRunner.query(`DROP TABLE \`evidence_links\``);
    await queryRunner.query(`DROP INDEX \`uq_evidence_sheet_file\` ON \`evidence\``);
    await queryRunner.query(`DROP TABLE \`evidence\``);
    await queryRunner.query(`DROP INDEX \`uq_evidence_files_sha256\` ON \`evidence_files\``);
    await queryRunner.query(`DROP TABLE \`evidence_files\``);
  }
}
