import { MigrationInterface, QueryRunner } from 'typeorm';

/** The engine's additions (MySQL/MariaDB): cancel and deadline tracking, wait-condition signals. */
export class Engine1763856000000 implements MigrationInterface {
  name = 'Engine1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack` ADD `cancelRequested` tinyint NOT NULL DEFAULT 0');
    await queryRunner.query('ALTER TABLE `stack` ADD `operationStartedAt` datetime NULL');
    await queryRunner.query('CREATE TABLE `signal_token` (`tokenHash` varchar(64) NOT NULL, `stackId` varchar(36) NOT NULL, `logicalId` varchar(255) NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), PRIMARY KEY (`tokenHash`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `wait_condition_signal` (`id` varchar(36) NOT NULL, `tokenHash` varchar(64) NOT NULL, `uniqueId` varchar(255) NOT NULL, `status` varchar(16) NOT NULL, `data` varchar(4096) NOT NULL, `reason` varchar(4096) NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_wait_condition_signal_unique_id` (`tokenHash`, `uniqueId`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `wait_condition_signal`');
    await queryRunner.query('DROP TABLE `signal_token`');
    await queryRunner.query('ALTER TABLE `stack` DROP COLUMN `operationStartedAt`');
    await queryRunner.query('ALTER TABLE `stack` DROP COLUMN `cancelRequested`');
  }
}
