import { MigrationInterface, QueryRunner } from 'typeorm';

/** The ClientRequestToken of a stack's operation, on the stack and on each event (SQLite). */
export class ClientRequestTokens1765065600000 implements MigrationInterface {
  name = 'ClientRequestTokens1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stack" ADD "clientRequestToken" varchar(128)');
    await queryRunner.query('ALTER TABLE "stack_event" ADD "clientRequestToken" varchar(128)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "stack_event" DROP COLUMN "clientRequestToken"');
    await queryRunner.query('ALTER TABLE "stack" DROP COLUMN "clientRequestToken"');
  }
}
