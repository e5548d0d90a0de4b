import { MigrationInterface, QueryRunner } from 'typeorm';

/** The stack tags an update replaced, which its rollback puts back (MySQL/MariaDB). */
export class UpdateTags1764979200000 implements MigrationInterface {
  name = 'UpdateTags1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack_update` ADD `fromTags` json NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack_update` DROP COLUMN `fromTags`');
  }
}
