import type { ResourceTypeSchema } from './resource-type-schema';

/** The resource types a template may use. The engine's resource types register into one. */
export class TypeRegistry {
  private readonly schemas = new Map<string, ResourceTypeSchema>();

  constructor(schemas: Iterable<ResourceTypeSchema> = []) {
    for (const schema of schemas) this.register(schema);
  }

  register(schema: ResourceTypeSchema): void {
    if (this.schemas.has(schema.typeName)) {
      throw new Error(`Resource type ${schema.typeName} is already registered`);
    }
    this.schemas.set(schema.typeName, schema);
  }

  get(typeName: string): ResourceTypeSchema | undefined {
    return this.schemas.get(typeName);
  }

  has(typeName: string): boolean {
    return this.schemas.has(typeName);
  }

  /** Registered schemas sorted by type name. */
  list(): ResourceTypeSchema[] {
    return [...this.schemas.values()].sort((a, b) => a.typeName.localeCompare(b.typeName));
  }
}
