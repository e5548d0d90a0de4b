import { MigrationInterface, QueryRunner } from 'typeorm';

/** A resource's state journal (MySQL/MariaDB): one row per change of a map entry, and the epoch its snapshot is at. */
export class StateJournal1764720000000 implements MigrationInterface {
  name = 'StateJournal1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE `resource_state_entry` (`sequence` int NOT NULL AUTO_INCREMENT, `resourceId` varchar(36) NOT NULL, `epoch` int NOT NULL, `map` varchar(128) NOT NULL, `entryKey` varchar(255) NOT NULL, `value` json NULL, INDEX `ix_resource_state_entry_resource` (`resourceId`, `epoch`, `sequence`), PRIMARY KEY (`sequence`)) ENGINE=InnoDB');
    await queryRunner.query("ALTER TABLE `stack_resource` ADD `stateEpoch` int NOT NULL DEFAULT '0'");
    await queryRunner.query("ALTER TABLE `stack_resource` ADD `stateEntries` int NOT NULL DEFAULT '0'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE `stack_resource` DROP COLUMN `stateEntries`');
    await queryRunner.query('ALTER TABLE `stack_resource` DROP COLUMN `stateEpoch`');
    await queryRunner.query('DROP TABLE `resource_state_entry`');
  }
}
