import { DependencyGraph, buildDependencyGraph, loadTemplate } from '../../../src/template';
import { problemsOf } from './support/problems';
import { testRegistry } from './support/test-registry';

const VM = '{Type: CloudStack::VirtualMachine, Properties: {Zone: z, Template: t, ServiceOffering: s}}';
const template = loadTemplate(`Conditions:
  Never: !Equals [a, b]
Resources:
  Net: ${VM}
  Sg: ${VM}
  Db:
    Type: CloudStack::VirtualMachine
    Properties: {Zone: !Ref Net, Template: t, ServiceOffering: s}
  Web:
    Type: CloudStack::VirtualMachine
    DependsOn: Sg
    Properties: {Zone: !Ref Net, Template: !GetAtt Db.PrivateIp, ServiceOffering: !Sub '\${Optional}'}
  Optional:
    Type: CloudStack::VirtualMachine
    Condition: Never
    Properties: {Zone: z, Template: t, ServiceOffering: s}
`, testRegistry());

describe('buildDependencyGraph', () => {
  const graph = buildDependencyGraph(template);

  it('collects dependencies from Ref, GetAtt, Sub and DependsOn', () => {
    expect(graph.dependenciesOf('Web')).toEqual(['Sg', 'Net', 'Db', 'Optional']);
    expect(graph.dependentsOf('Net')).toEqual(['Db', 'Web']);
  });

  it('drops resources outside the active set', () => {
    const active = buildDependencyGraph(template, ['Net', 'Sg', 'Db', 'Web']);
    expect(active.dependenciesOf('Web')).toEqual(['Sg', 'Net', 'Db']);
    expect(active.topologicalOrder()).toEqual(['Net', 'Sg', 'Db', 'Web']);
  });

  it('orders for creation and for deletion', () => {
    expect(graph.topologicalOrder()).toEqual(['Net', 'Sg', 'Db', 'Optional', 'Web']);
    expect(graph.reverseOrder()).toEqual(['Web', 'Optional', 'Db', 'Sg', 'Net']);
  });

  it('gives the deletion ready set from what is deleted and in progress', () => {
    expect(graph.deletionReadySet(new Set())).toEqual(['Web']);
    expect(graph.deletionReadySet(new Set(['Web']), new Set(['Optional']))).toEqual(['Db', 'Sg']);
  });

  it('finds the critical path', () => {
    const durations: Record<string, number> = { Net: 5, Sg: 1, Db: 30, Web: 20, Optional: 100 };
    expect(graph.criticalPath((id) => durations[id])).toEqual({ length: 120, path: ['Optional', 'Web'] });
    const active = buildDependencyGraph(template, ['Net', 'Sg', 'Db', 'Web']);
    expect(active.criticalPath((id) => durations[id])).toEqual({ length: 55, path: ['Net', 'Db', 'Web'] });
  });

  it('names a cycle', () => {
    const cyclic = new Map([['A', ['B']], ['B', ['C']], ['C', ['A']], ['D', []]]);
    expect(problemsOf(() => new DependencyGraph(cyclic))).toEqual([{ path: 'Resources', message: 'Circular dependency between resources: A -> B -> C -> A' }]);
  });

  it('handles an empty graph', () => {
    const empty = new DependencyGraph(new Map());
    expect(empty.topologicalOrder()).toEqual([]);
    expect(empty.criticalPath(() => 1)).toEqual({ length: 0, path: [] });
  });
});
