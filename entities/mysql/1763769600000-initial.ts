import { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema (MySQL/MariaDB): stacks, their resources and events, templates, jobs, leases. */
export class Initial1763769600000 implements MigrationInterface {
  name = 'Initial1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `async_job` (`id` varchar(36) NOT NULL, `accountId` varchar(36) NOT NULL, `userId` varchar(36) NOT NULL, `domainId` varchar(36) NOT NULL, `domainPath` varchar(512) NOT NULL, `cmd` varchar(255) NOT NULL, `status` int NOT NULL DEFAULT \'0\', `procStatus` int NOT NULL DEFAULT \'0\', `resultCode` int NOT NULL DEFAULT \'0\', `resultType` varchar(32) NOT NULL DEFAULT \'object\', `result` json NULL, `instanceType` varchar(64) NULL, `instanceId` varchar(36) NULL, `handler` varchar(128) NOT NULL, `payload` json NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `completed` datetime NULL, INDEX `ix_async_job_account` (`accountId`), INDEX `ix_async_job_status` (`status`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `stack` (`id` varchar(36) NOT NULL, `name` varchar(255) NOT NULL, `liveName` varchar(255) NULL, `description` varchar(1024) NULL, `status` varchar(64) NOT NULL, `statusReason` varchar(4096) NULL, `accountId` varchar(36) NOT NULL, `accountName` varchar(255) NOT NULL, `domainId` varchar(36) NOT NULL, `domainName` varchar(255) NOT NULL, `domainPath` varchar(512) NOT NULL, `userId` varchar(36) NOT NULL, `templateId` varchar(36) NOT NULL, `parameters` json NOT NULL, `noEchoKeys` json NOT NULL, `outputs` json NOT NULL, `tags` json NOT NULL, `onFailure` varchar(16) NOT NULL, `timeoutInMinutes` int NULL, `zoneId` varchar(36) NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), `deleted` tinyint NOT NULL DEFAULT 0, `deletedAt` datetime NULL, INDEX `ix_stack_domain_path` (`domainPath`), UNIQUE INDEX `uq_stack_account_live_name` (`accountId`, `liveName`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `stack_event` (`sequence` int NOT NULL AUTO_INCREMENT, `id` varchar(36) NOT NULL, `stackId` varchar(36) NOT NULL, `timestamp` datetime NOT NULL, `logicalId` varchar(255) NOT NULL, `physicalId` varchar(255) NULL, `resourceType` varchar(255) NOT NULL, `status` varchar(64) NOT NULL, `statusReason` varchar(4096) NULL, INDEX `ix_stack_event_stack_sequence` (`stackId`, `sequence`), UNIQUE INDEX `uq_stack_event_id` (`id`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `stack_resource` (`id` varchar(36) NOT NULL, `stackId` varchar(36) NOT NULL, `logicalId` varchar(255) NOT NULL, `type` varchar(255) NOT NULL, `physicalId` varchar(255) NULL, `status` varchar(64) NOT NULL, `statusReason` varchar(4096) NULL, `attributes` json NOT NULL, `resolvedProperties` json NOT NULL, `pendingJobId` varchar(64) NULL, `pendingAction` varchar(64) NULL, `metadata` json NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), `updated` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6), UNIQUE INDEX `uq_stack_resource_logical_id` (`stackId`, `logicalId`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `stored_template` (`id` varchar(36) NOT NULL, `body` json NOT NULL, `sha256` varchar(64) NOT NULL, `created` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), INDEX `ix_stored_template_sha256` (`sha256`), PRIMARY KEY (`id`)) ENGINE=InnoDB');
    await queryRunner.query('CREATE TABLE `worker_lease` (`key` varchar(255) NOT NULL, `owner` varchar(255) NOT NULL, `expiresAt` datetime NOT NULL, `heartbeatAt` datetime NOT NULL, PRIMARY KEY (`key`)) ENGINE=InnoDB');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `worker_lease`');
    await queryRunner.query('DROP TABLE `stored_template`');
    await queryRunner.query('DROP TABLE `stack_resource`');
    await queryRunner.query('DROP TABLE `stack_event`');
    await queryRunner.query('DROP TABLE `stack`');
    await queryRunner.query('DROP TABLE `async_job`');
  }
}
