import { MigrationInterface, QueryRunner } from 'typeorm';

/** A stack's termination protection (MySQL/MariaDB). */
export class TerminationProtection1764892800000 implements MigrationInterface {
  name = 'TerminationProtection1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack` ADD `terminationProtection` tinyint NOT NULL DEFAULT 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack` DROP COLUMN `terminationProtection`');
  }
}
