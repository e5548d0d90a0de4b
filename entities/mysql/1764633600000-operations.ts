import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every stack operation as a record (MySQL/MariaDB): create, update and delete, and how each ended. */
export class Operations1764633600000 implements MigrationInterface {
  name = 'Operations1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `stack_operation` (`id` varchar(36) NOT NULL, `stackId` varchar(36) NOT NULL, `kind` varchar(16) NOT NULL, `fromTemplateId` varchar(36) NULL, `toTemplateId` varchar(36) NULL, `parameters` json NOT NULL, `status` varchar(32) NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), INDEX `ix_stack_operation_stack` (`stackId`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `stack_operation`');
  }
}
