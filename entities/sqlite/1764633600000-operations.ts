import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every stack operation as a record (SQLite): create, update and delete, and how each ended. */
export class Operations1764633600000 implements MigrationInterface {
  name = 'Operations1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "stack_operation" ("id" varchar(36) PRIMARY KEY NOT NULL, "stackId" varchar(36) NOT NULL, "kind" varchar(16) NOT NULL, "fromTemplateId" varchar(36), "toTemplateId" varchar(36), "parameters" json NOT NULL, "status" varchar(32) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE INDEX "ix_stack_operation_stack" ON "stack_operation" ("stackId")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "ix_stack_operation_stack"');
    await queryRunner.query('DROP TABLE "stack_operation"');
  }
}
