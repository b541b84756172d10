import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One phase vocabulary (libs/criteria/src/phases.ts): the stored campaign plans named the last phase
 * `publication` while the machine, the deadlines and the locks say `approval`. Rewrites the plan JSON of every
 * campaign; no other table ever held `publication` as a phase key.
 */
export class OnePhaseVocabulary1795945598280 implements MigrationInterface {
  name = 'OnePhaseVocabulary1795945598280';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.rename(queryRunner, 'publication', 'approval');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.rename(queryRunner, 'approval', 'publication');
  }

  private async rename(queryRunner: QueryRunner, from: string, to: string): Promise<void> {
    const campaigns = (await queryRunner.query('SELECT id, plan FROM campaigns')) as Array<{
      id: number;
      plan: string;
    }>;
    for (const campaign of campaigns) {
      const plan = JSON.parse(campaign.plan || '{}') as { phases?: Array<{ key?: string }> };
      if (!Array.isArray(plan.phases) || !plan.phases.some((p) => p.key === from)) {
        continue;
      }
      plan.phases = plan.phases.map((p) => (p.key === from ? { ...p, key: to } : p));
      await queryRunner.query('UPDATE campaigns SET plan = ? WHERE id = ?', [JSON.stringify(plan), campaign.id]);
    }
  }
}
