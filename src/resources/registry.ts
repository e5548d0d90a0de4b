import { TypeRegistry } from '../template/schema/type-registry';
import type { ResourceType } from './resource-type';
import { ALL_RESOURCE_TYPES } from './all-types';

/** Every resource type the engine can create, by type name. */
export class ResourceRegistry {
  private readonly types = new Map<string, ResourceType>();
  private readonly sorted: ResourceType[];
  /** Built once: every stack operation and validation asks for it, and the set never changes. */
  private schemas?: TypeRegistry;

  constructor(types: ResourceType[] = ALL_RESOURCE_TYPES) {
    for (const type of types) {
      if (this.types.has(type.schema.typeName)) throw new Error(`Resource type ${type.schema.typeName} is registered twice`);
      // The validator accepts DeletionPolicy Snapshot from the schema; the engine needs the handler.
      if (Boolean(type.schema.snapshotOnDelete) !== Boolean(type.snapshot)) {
        throw new Error(`Resource type ${type.schema.typeName} must declare snapshotOnDelete and a snapshot handler together`);
      }
      this.types.set(type.schema.typeName, type);
    }
    // Sorted now: the first localeCompare of a process loads its collation (about 15 ms), which
    // would otherwise fall on the first stack's create.
    this.sorted = [...this.types.values()].sort((a, b) => a.schema.typeName.localeCompare(b.schema.typeName));
  }

  get(typeName: string): ResourceType {
    const type = this.types.get(typeName);
    if (!type) throw new Error(`Unsupported resource type ${typeName}`);
    return type;
  }

  /** The type, or undefined for a name no handler serves (a row written by another version). */
  find(typeName: string): ResourceType | undefined {
    return this.types.get(typeName);
  }

  list(): ResourceType[] {
    return [...this.sorted];
  }

  /** The schemas, as the template validator checks templates against them; one shared instance. */
  typeRegistry(): TypeRegistry {
    this.schemas ??= new TypeRegistry(this.list().map((t) => t.schema));
    return this.schemas;
  }
}
