import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema (SQLite): stacks, their resources and events, templates, jobs, leases. */
export class Initial1763769600000 implements MigrationInterface {
  name = 'Initial1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "async_job" ("id" varchar(36) PRIMARY KEY NOT NULL, "accountId" varchar(36) NOT NULL, "userId" varchar(36) NOT NULL, "domainId" varchar(36) NOT NULL, "domainPath" varchar(512) NOT NULL, "cmd" varchar(255) NOT NULL, "status" integer NOT NULL DEFAULT (0), "procStatus" integer NOT NULL DEFAULT (0), "resultCode" integer NOT NULL DEFAULT (0), "resultType" varchar(32) NOT NULL DEFAULT (\'object\'), "result" json, "instanceType" varchar(64), "instanceId" varchar(36), "handler" varchar(128) NOT NULL, "payload" json NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "completed" datetime)');
    await queryRunner.query('CREATE INDEX "ix_async_job_account" ON "async_job" ("accountId")');
    await queryRunner.query('CREATE INDEX "ix_async_job_status" ON "async_job" ("status")');
    await queryRunner.query('CREATE TABLE "stack" ("id" varchar(36) PRIMARY KEY NOT NULL, "name" varchar(255) NOT NULL, "liveName" varchar(255), "description" varchar(1024), "status" varchar(64) NOT NULL, "statusReason" varchar(4096), "accountId" varchar(36) NOT NULL, "accountName" varchar(255) NOT NULL, "domainId" varchar(36) NOT NULL, "domainName" varchar(255) NOT NULL, "domainPath" varchar(512) NOT NULL, "userId" varchar(36) NOT NULL, "templateId" varchar(36) NOT NULL, "parameters" json NOT NULL, "noEchoKeys" json NOT NULL, "outputs" json NOT NULL, "tags" json NOT NULL, "onFailure" varchar(16) NOT NULL, "timeoutInMinutes" integer, "zoneId" varchar(36), "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated" datetime NOT NULL DEFAULT (datetime(\'now\')), "deleted" boolean NOT NULL DEFAULT (0), "deletedAt" datetime)');
    await queryRunner.query('CREATE INDEX "ix_stack_domain_path" ON "stack" ("domainPath")');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_stack_account_live_name" ON "stack" ("accountId", "liveName")');
    await queryRunner.query('CREATE TABLE "stack_event" ("sequence" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "id" varchar(36) NOT NULL, "stackId" varchar(36) NOT NULL, "timestamp" datetime NOT NULL, "logicalId" varchar(255) NOT NULL, "physicalId" varchar(255), "resourceType" varchar(255) NOT NULL, "status" varchar(64) NOT NULL, "statusReason" varchar(4096))');
    await queryRunner.query('CREATE INDEX "ix_stack_event_stack_sequence" ON "stack_event" ("stackId", "sequence")');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_stack_event_id" ON "stack_event" ("id")');
    await queryRunner.query('CREATE TABLE "stack_resource" ("id" varchar(36) PRIMARY KEY NOT NULL, "stackId" varchar(36) NOT NULL, "logicalId" varchar(255) NOT NULL, "type" varchar(255) NOT NULL, "physicalId" varchar(255), "status" varchar(64) NOT NULL, "statusReason" varchar(4096), "attributes" json NOT NULL, "resolvedProperties" json NOT NULL, "pendingJobId" varchar(64), "pendingAction" varchar(64), "metadata" json NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')), "updated" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_stack_resource_logical_id" ON "stack_resource" ("stackId", "logicalId")');
    await queryRunner.query('CREATE TABLE "stored_template" ("id" varchar(36) PRIMARY KEY NOT NULL, "body" json NOT NULL, "sha256" varchar(64) NOT NULL, "created" datetime NOT NULL DEFAULT (datetime(\'now\')))');
    await queryRunner.query('CREATE INDEX "ix_stored_template_sha256" ON "stored_template" ("sha256")');
    await queryRunner.query('CREATE TABLE "worker_lease" ("key" varchar(255) PRIMARY KEY NOT NULL, "owner" varchar(255) NOT NULL, "expiresAt" datetime NOT NULL, "heartbeatAt" datetime NOT NULL)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "worker_lease"');
    await queryRunner.query('DROP TABLE "stored_template"');
    await queryRunner.query('DROP TABLE "stack_resource"');
    await queryRunner.query('DROP TABLE "stack_event"');
    await queryRunner.query('DROP TABLE "stack"');
    await queryRunner.query('DROP TABLE "async_job"');
  }
}
