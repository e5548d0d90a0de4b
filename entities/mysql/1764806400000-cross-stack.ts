import { MigrationInterface, QueryRunner } from 'typeorm';

/** Cross-stack references (MySQL/MariaDB): the exports each account's stacks hold, and who imports them. */
export class CrossStack1764806400000 implements MigrationInterface {
  name = 'CrossStack1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `stack_export` (`accountId` varchar(36) NOT NULL, `name` varchar(255) NOT NULL, `stackId` varchar(36) NOT NULL, `value` text NOT NULL, INDEX `ix_stack_export_stack` (`stackId`), PRIMARY KEY (`accountId`, `name`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `stack_import` (`accountId` varchar(36) NOT NULL, `exportName` varchar(255) NOT NULL, `stackId` varchar(36) NOT NULL, INDEX `ix_stack_import_stack` (`stackId`), PRIMARY KEY (`accountId`, `exportName`, `stackId`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `stack_import`');
    await queryRunner.query('DROP TABLE `stack_export`');
  }
}
