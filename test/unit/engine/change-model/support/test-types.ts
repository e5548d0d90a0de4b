import { TypeRegistry } from '../../../../../src/template';
import type { PropertySchema, UpdateBehavior } from '../../../../../src/template';

const p = (updateBehavior?: UpdateBehavior, type: PropertySchema['type'] = 'String'): PropertySchema =>
  ({ type, description: 'test', ...(updateBehavior ? { updateBehavior } : {}) });
const a = (changesWith?: string[]) => ({ type: 'String' as const, description: 'test', ...(changesWith ? { changesWith } : {}) });

/**
 * Resource types whose update behaviours the diff tests fix, so that they test the diff and
 * keep passing while the real types learn to update (the real registry is used for the examples).
 */
export const TEST_REGISTRY = new TypeRegistry([
  {
    typeName: 'Test::Net',
    properties: { Zone: p('Replacement'), Offering: p('Replacement'), Text: p('Mutable') },
    attributes: { Cidr: a([]), Gateway: a() },
  },
  {
    typeName: 'Test::Server',
    properties: {
      Image: p('Replacement'), Size: p('SomeInterruption'), Label: p('Mutable'), Networks: p('Replacement', 'List'),
      Old: p('Immutable'), Extra: p(), Note: p('Mutable'),
    },
    attributes: { PrivateIp: a([]), Status: a(), Label: a(['Label']) },
    // A label naming a host renames the VM, which CloudStack does only on a new one.
    updateBehaviorOf: (property, _before, after) =>
      (property === 'Label' && String(after.Label).startsWith('host:') ? { behavior: 'Replacement', reason: 'a host label renames the server' } : undefined),
  },
  { typeName: 'Test::Ip', properties: { Network: p('Replacement') }, attributes: { Address: a() } },
  { typeName: 'Test::Rule', properties: { Ip: p('Replacement'), Port: p('Replacement', 'Integer') }, attributes: {} },
  { typeName: 'Test::Balancer', properties: { Ip: p('Replacement'), Port: p('Replacement', 'Integer'), Members: p('Mutable', 'List') }, attributes: {} },
  {
    typeName: 'Test::Group',
    properties: { Count: p('Mutable', 'Integer'), UserData: p('Mutable') },
    attributes: { MemberIds: { type: 'List', description: 'test', changesWith: ['Count'] } },
    replacementReason: (changed, _previous, next) =>
      (changed.includes('Count') && String(next.UserData ?? '').includes('${PrivateIps}') ? 'members render every member\'s IP' : undefined),
  },
  { typeName: 'Test::Key', properties: {}, attributes: {} },
  { typeName: 'Test::Handle', properties: {}, attributes: {} },
  { typeName: 'Test::Waiter', properties: { Handle: p('Replacement') }, attributes: {} },
]);
