import { ResourceRegistry } from '../../../src/resources/registry';
import type { ResourceType } from '../../../src/resources/resource-type';

const type = (extra: Partial<ResourceType> & { snapshotOnDelete?: boolean }): ResourceType => ({
  schema: { typeName: 'Test::Disk', properties: {}, attributes: {}, snapshotOnDelete: extra.snapshotOnDelete },
  create: async () => ({ physicalId: 'x', attributes: {} }),
  delete: async () => undefined,
  snapshot: extra.snapshot,
});

describe('ResourceRegistry: DeletionPolicy Snapshot', () => {
  it('refuses a type whose schema admits Snapshot without a handler to take it', () => {
    expect(() => new ResourceRegistry([type({ snapshotOnDelete: true })]))
      .toThrow('Resource type Test::Disk must declare snapshotOnDelete and a snapshot handler together');
  });

  it('refuses a snapshot handler that validation would never let run', () => {
    expect(() => new ResourceRegistry([type({ snapshot: async () => 'Snapshot s-1 created' })])).toThrow('snapshotOnDelete');
  });

  it('accepts both together, and every registered type is consistent', () => {
    expect(new ResourceRegistry([type({ snapshotOnDelete: true, snapshot: async () => 'Snapshot s-1 created' })]).list()).toHaveLength(1);
    const snapshotting = new ResourceRegistry().list().filter((t) => t.snapshot).map((t) => t.schema.typeName);
    expect(snapshotting).toEqual(['CloudStack::Volume']);
  });
});
