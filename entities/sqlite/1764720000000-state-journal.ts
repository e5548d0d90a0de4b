import { MigrationInterface, QueryRunner } from 'typeorm';

/** A resource's state journal (SQLite): one row per change of a map entry, and the epoch its snapshot is at. */
export class StateJournal1764720000000 implements MigrationInterface {
  name = 'StateJournal1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "resource_state_entry" ("sequence" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "resourceId" varchar(36) NOT NULL, "epoch" integer NOT NULL, "map" varchar(128) NOT NULL, "entryKey" varchar(255) NOT NULL, "value" json)');
    await queryRunner.query('CREATE INDEX "ix_resource_state_entry_resource" ON "resource_state_entry" ("resourceId", "epoch", "sequence")');
    await queryRunner.query('ALTER TABLE "stack_resource" ADD "stateEpoch" integer NOT NULL DEFAULT (0)');
    await queryRunner.query('ALTER TABLE "stack_resource" ADD "stateEntries" integer NOT NULL DEFAULT (0)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stack_resource" DROP COLUMN "stateEntries"');
    await queryRunner.query('ALTER TABLE "stack_resource" DROP COLUMN "stateEpoch"');
    await queryRunner.query('DROP TABLE "resource_state_entry"');
  }
}
