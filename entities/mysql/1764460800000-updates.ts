import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stack updates (MySQL/MariaDB): the update records, change sets, and a resource's previous generation. */
export class Updates1764460800000 implements MigrationInterface {
  name = 'Updates1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `stack_update` (`id` varchar(36) NOT NULL, `stackId` varchar(36) NOT NULL, `fromTemplateId` varchar(36) NOT NULL, `fromParameters` json NOT NULL, `fromNoEchoKeys` json NOT NULL, `fromOutputs` json NOT NULL, `fromDescription` varchar(1024) NULL, `toTemplateId` varchar(36) NOT NULL, `toParameters` json NOT NULL, `toNoEchoKeys` json NOT NULL, `toDescription` varchar(1024) NULL, `disableRollback` tinyint NOT NULL DEFAULT 0, `changeSetId` varchar(36) NULL, `status` varchar(32) NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_stack_update_stack` (`stackId`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `change_set` (`id` varchar(36) NOT NULL, `stackId` varchar(36) NOT NULL, `name` varchar(128) NOT NULL, `description` varchar(1024) NULL, `changeSetType` varchar(16) NOT NULL, `status` varchar(32) NOT NULL, `statusReason` varchar(4096) NULL, `executionStatus` varchar(32) NOT NULL, `templateId` varchar(36) NOT NULL, `parameters` json NOT NULL, `noEchoKeys` json NOT NULL, `tags` json NOT NULL, `disableRollback` tinyint NOT NULL DEFAULT 0, `changes` json NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_change_set_stack_name` (`stackId`, `name`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('ALTER TABLE `stack_resource` ADD `previous` json NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack_resource` DROP COLUMN `previous`');
    await queryRunner.query('DROP TABLE `change_set`');
    await queryRunner.query('DROP TABLE `stack_update`');
  }
}
