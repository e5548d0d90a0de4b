import { MigrationInterface, QueryRunner } from 'typeorm';

/** The engine's additions (SQLite): cancel and deadline tracking, wait-condition signals. */
export class Engine1763856000000 implements MigrationInterface {
  name = 'Engine1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stack" ADD "cancelRequested" boolean NOT NULL DEFAULT (0)');
    await queryRunner.query('ALTER TABLE "stack" ADD "operationStartedAt" datetime');
    await queryRunner.query('CREATE TABLE "signal_token" ("tokenHash" varchar(64) PRIMARY KEY NOT NULL, "stackId" varchar(36) NOT NULL, "logicalId" varchar(255) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE TABLE "wait_condition_signal" ("id" varchar(36) PRIMARY KEY NOT NULL, "tokenHash" varchar(64) NOT NULL, "uniqueId" varchar(255) NOT NULL, "status" varchar(16) NOT NULL, "data" varchar(4096) NOT NULL, "reason" varchar(4096) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_wait_condition_signal_unique_id" ON "wait_condition_signal" ("tokenHash", "uniqueId")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "wait_condition_signal"');
    await queryRunner.query('DROP TABLE "signal_token"');
  }
}
