import { MigrationInterface, QueryRunner } from 'typeorm';

/** Stack updates (SQLite): the update records, change sets, and a resource's previous generation. */
export class Updates1764460800000 implements MigrationInterface {
  name = 'Updates1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "stack_update" ("id" varchar(36) PRIMARY KEY NOT NULL, "stackId" varchar(36) NOT NULL, "fromTemplateId" varchar(36) NOT NULL, "fromParameters" json NOT NULL, "fromNoEchoKeys" json NOT NULL, "fromOutputs" json NOT NULL, "fromDescription" varchar(1024), "toTemplateId" varchar(36) NOT NULL, "toParameters" json NOT NULL, "toNoEchoKeys" json NOT NULL, "toDescription" varchar(1024), "disableRollback" boolean NOT NULL DEFAULT (0), "changeSetId" varchar(36), "status" varchar(32) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE INDEX "ix_stack_update_stack" ON "stack_update" ("stackId")');
    await queryRunner.query('CREATE TABLE "change_set" ("id" varchar(36) PRIMARY KEY NOT NULL, "stackId" varchar(36) NOT NULL, "name" varchar(128) NOT NULL, "description" varchar(1024), "changeSetType" varchar(16) NOT NULL, "status" varchar(32) NOT NULL, "statusReason" varchar(4096), "executionStatus" varchar(32) NOT NULL, "templateId" varchar(36) NOT NULL, "parameters" json NOT NULL, "noEchoKeys" json NOT NULL, "tags" json NOT NULL, "disableRollback" boolean NOT NULL DEFAULT (0), "changes" json NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_change_set_stack_name" ON "change_set" ("stackId", "name")');
    await queryRunner.query('ALTER TABLE "stack_resource" ADD "previous" json');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stack_resource" DROP COLUMN "previous"');
    await queryRunner.query('DROP TABLE "change_set"');
    await queryRunner.query('DROP TABLE "stack_update"');
  }
}
