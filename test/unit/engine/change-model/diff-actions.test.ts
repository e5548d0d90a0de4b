import { diffStack, ResourceTypeChangeError } from '../../../../src/engine/change-model';
import { ValidationError } from '../../../../src/errors';
import { baseTemplate } from './support/base-template';
import { diffTemplates, summary } from './support/diff';
import { contextOf, createdStack } from './support/stacks';
import { edited, propertiesOf } from './support/template-builder';
import { TEST_REGISTRY } from './support/test-types';

describe('diffStack: which resources change', () => {
  it('finds nothing to do for the same template and parameters', () => {
    expect(diffTemplates(baseTemplate(), baseTemplate())).toEqual([]);
  });

  it('ignores a parameter no resource uses, a DependsOn edit, and a number rewritten as an equal string', () => {
    const after = edited(baseTemplate(), (t) => {
      t.Resources.Rule.DependsOn = 'Server';
      propertiesOf(t, 'Balancer').Port = '80';
    });
    expect(diffTemplates(baseTemplate(), after, { after: { Unused: 'b' } })).toEqual([]);
  });

  it('adds, and removes by the DeletionPolicy the resource was declared with, listing removals last', () => {
    const before = edited(baseTemplate(), (t) => {
      t.Resources.Key = { Type: 'Test::Key', DeletionPolicy: 'Retain' };
    });
    const after = edited(baseTemplate(), (t) => {
      t.Resources.NewKey = { Type: 'Test::Key' };
      delete t.Resources.Rule;
    });
    expect(diffTemplates(before, after)).toEqual([
      { action: 'Add', logicalId: 'NewKey', resourceType: 'Test::Key' },
      { action: 'Remove', logicalId: 'Rule', resourceType: 'Test::Rule', physicalId: 'Rule-id', policyAction: 'Delete' },
      { action: 'Remove', logicalId: 'Key', resourceType: 'Test::Key', physicalId: 'Key-id', policyAction: 'Retain' },
    ]);
  });

  it('removes a resource whose Condition becomes false, and adds it when it becomes true', () => {
    const template = edited(baseTemplate(), (t) => {
      t.Resources.Key = { Type: 'Test::Key', Condition: 'IsProd' };
    });
    expect(summary(diffTemplates(template, template, { after: { Env: 'dev' } }))).toEqual(['Modify Server False', 'Remove Key']);
    expect(summary(diffTemplates(template, template, { before: { Env: 'dev' } }))).toEqual(['Modify Server False', 'Add Key']);
  });

  it('does not count rows of objects already deleted or retained as the stack\'s', () => {
    const current = createdStack(contextOf(JSON.stringify(baseTemplate()), {}, TEST_REGISTRY), TEST_REGISTRY);
    const rows = current.resources.map((r) => (r.logicalId === 'Rule' ? { ...r, status: 'DELETE_COMPLETE' } : r));
    const changes = diffStack({ ...current, resources: rows }, contextOf(JSON.stringify(baseTemplate()), {}, TEST_REGISTRY), TEST_REGISTRY);
    expect(changes).toEqual([{ action: 'Add', logicalId: 'Rule', resourceType: 'Test::Rule' }]);
  });

  it('refuses a type change of a kept logical id with CloudFormation\'s text, naming every such resource', () => {
    const after = edited(baseTemplate(), (t) => {
      t.Resources.Rule = { Type: 'Test::Key' };
      t.Resources.Ip = { Type: 'Test::Key' };
      t.Resources.Balancer = { Type: 'Test::Key' };
    });
    let error: unknown;
    try {
      diffTemplates(baseTemplate(), after);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ResourceTypeChangeError);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ResourceTypeChangeError).logicalIds).toEqual(['Ip', 'Rule', 'Balancer']);
    expect((error as Error).message).toBe('Update of resource type is not permitted. The new template modifies resource type of the following resources: [Ip, Rule, Balancer]');
  });

  it('gives the same answer every time', () => {
    const after = edited(baseTemplate(), (t) => { propertiesOf(t, 'Net').Offering = 'other'; });
    expect(diffTemplates(baseTemplate(), after)).toEqual(diffTemplates(baseTemplate(), after));
  });
});
