import { diffStack } from '../../../../src/engine/change-model';
import { REF_ATTRIBUTE } from '../../../../src/resources/ref-attribute';
import { baseTemplate } from './support/base-template';
import { diffTemplates, modifyOf } from './support/diff';
import { contextOf, createdStack } from './support/stacks';
import { edited } from './support/template-builder';
import { TEST_REGISTRY } from './support/test-types';

const metadata = { attribute: 'Metadata', requiresRecreation: 'Never' };

describe('diffStack: changes outside Properties', () => {
  it('reports Metadata, CreationPolicy and DeletionPolicy changes without replacement', () => {
    const before = edited(baseTemplate(), (t) => { t.Resources.Server.Metadata = { role: 'web' }; });
    const after = edited(baseTemplate(), (t) => {
      t.Resources.Server.Metadata = { role: 'web', env: { Ref: 'Env' } };
      t.Resources.Server.CreationPolicy = { ResourceSignal: { Count: 1, Timeout: 'PT10M' } };
      t.Resources.Server.DeletionPolicy = 'Retain';
    });
    expect(diffTemplates(before, after)).toEqual([{
      action: 'Modify', logicalId: 'Server', resourceType: 'Test::Server', physicalId: 'Server-id',
      replacement: 'False', updateKind: 'NoInterruption', scope: ['Metadata', 'CreationPolicy', 'DeletionPolicy'],
      details: [
        { target: metadata, evaluation: 'Static', changeSource: 'DirectModification' },
        { target: { attribute: 'CreationPolicy', requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'DirectModification' },
        { target: { attribute: 'DeletionPolicy', requiresRecreation: 'Never' }, evaluation: 'Static', changeSource: 'DirectModification' },
      ],
    }]);
  });

  it('sees Metadata change through a parameter, and no change when only its text is rewritten', () => {
    const template = edited(baseTemplate(), (t) => { t.Resources.Server.Metadata = { env: { Ref: 'Env' } }; });
    expect(modifyOf(diffTemplates(template, template, { after: { Env: 'dev' } }), 'Server').details)
      .toContainEqual({ target: metadata, evaluation: 'Static', changeSource: 'ParameterReference', causingEntity: 'Env' });
    const rewritten = edited(baseTemplate(), (t) => { t.Resources.Server.Metadata = { env: { 'Fn::Sub': '${Env}' } }; });
    expect(diffTemplates(template, rewritten)).toEqual([]);
  });

  it('sees a Metadata reference to a replaced resource as a Dynamic change', () => {
    const template = edited(baseTemplate(), (t) => { t.Resources.Rule.Metadata = { net: { Ref: 'Net' } }; });
    const changes = diffTemplates(template, edited(template, (t) => { (t.Resources.Net.Properties as Record<string, unknown>).Zone = 'z2'; }));
    expect(modifyOf(changes, 'Rule').details).toContainEqual({ target: metadata, evaluation: 'Dynamic', changeSource: 'ResourceReference', causingEntity: 'Net' });
  });

  it('answers a Ref with the recorded Ref value when it is not the physical id (a wait-condition handle\'s URL)', () => {
    const template = edited(baseTemplate(), (t) => {
      t.Resources.Handle = { Type: 'Test::Handle' };
      t.Resources.Waiter = { Type: 'Test::Waiter', Properties: { Handle: { Ref: 'Handle' } } };
    });
    const current = createdStack(contextOf(JSON.stringify(template), {}, TEST_REGISTRY), TEST_REGISTRY);
    const url = 'https://formation.example/signal/token';
    const rows = current.resources.map((r) => {
      if (r.logicalId === 'Handle') return { ...r, attributes: { [REF_ATTRIBUTE]: url } };
      if (r.logicalId === 'Waiter') return { ...r, resolvedProperties: { Handle: url } };
      return r;
    });
    expect(diffStack({ ...current, resources: rows }, contextOf(JSON.stringify(template), {}, TEST_REGISTRY), TEST_REGISTRY)).toEqual([]);
  });
});
