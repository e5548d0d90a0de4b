import { MigrationInterface, QueryRunner } from 'typeorm';

/** The AWS API's records (SQLite): client request tokens and the capabilities a stack acknowledged. */
export class AwsApi1764547200000 implements MigrationInterface {
  name = 'AwsApi1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "client_request_token" ("accountId" varchar(36) NOT NULL, "operation" varchar(32) NOT NULL, "token" varchar(128) NOT NULL, "stackId" varchar(36) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), PRIMARY KEY ("accountId", "operation", "token"))');
    await queryRunner.query('CREATE TABLE "stack_capabilities" ("stackId" varchar(36) PRIMARY KEY NOT NULL, "capabilities" json NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "stack_capabilities"');
    await queryRunner.query('DROP TABLE "client_request_token"');
  }
}
