import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JSON_COLUMN, UUID_COLUMN } from './columns';

/**
 * The Capabilities a stack's last create or update acknowledged (AWS API). No resource type
 * needs one; they are kept because DescribeStacks echoes them.
 */
@Entity('stack_capabilities')
export class StackCapabilities {
  @PrimaryColumn(UUID_COLUMN)
  stackId!: string;

  @Column(JSON_COLUMN)
  capabilities: string[] = [];
}
