import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, newId, UUID_COLUMN } from './columns';

@Entity('stored_template')
@Index('ix_stored_template_sha256', ['sha256'])
export class StoredTemplate {
  @PrimaryColumn(UUID_COLUMN)
  id: string = newId();

  /** The template text exactly as submitted (JSON or YAML), held as a JSON string. */
  @Column(JSON_COLUMN)
  body!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @CreateDateColumn({ type: 'datetime' })
  created!: Date;
}
