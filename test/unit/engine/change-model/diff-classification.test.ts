import { baseTemplate } from './support/base-template';
import { diffTemplates, modifyOf, summary } from './support/diff';
import { edited, propertiesOf } from './support/template-builder';

const property = (name: string, requiresRecreation: string) => ({ attribute: 'Properties', name, path: `/Properties/${name}`, requiresRecreation });

describe('diffStack: how a Modify is classified from the schema', () => {
  it('updates a Mutable property in place, Static, from the edited text', () => {
    const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { propertiesOf(t, 'Net').Text = 'cluster'; }));
    expect(changes).toEqual([{
      action: 'Modify', logicalId: 'Net', resourceType: 'Test::Net', physicalId: 'Net-id',
      replacement: 'False', updateKind: 'NoInterruption', scope: ['Properties'],
      details: [{ target: property('Text', 'Never'), evaluation: 'Static', changeSource: 'DirectModification' }],
    }]);
  });

  it('names the parameter a value changes through, also when it flips a condition', () => {
    const changes = diffTemplates(baseTemplate(), baseTemplate(), { after: { Env: 'dev', Size: 'large' } });
    expect(modifyOf(changes, 'Server')).toMatchObject({
      replacement: 'False',
      updateKind: 'SomeInterruption',
      details: [
        { target: property('Size', 'Never'), evaluation: 'Static', changeSource: 'ParameterReference', causingEntity: 'Size' },
        { target: property('Label', 'Never'), evaluation: 'Static', changeSource: 'ParameterReference', causingEntity: 'Env' },
      ],
    });
  });

  it('calls a change whose text and parameters did not change a direct modification of the template (an edited mapping)', () => {
    const withMapping = (size: string) => edited(baseTemplate(), (t) => {
      t.Mappings = { Sizes: { web: { Size: size } } };
      propertiesOf(t, 'Server').Size = { 'Fn::FindInMap': ['Sizes', 'web', 'Size'] };
    });
    expect(modifyOf(diffTemplates(withMapping('small'), withMapping('large')), 'Server').details).toEqual([
      { target: property('Size', 'Never'), evaluation: 'Static', changeSource: 'DirectModification' },
    ]);
  });

  it('counts a property taken out of the template as changed', () => {
    const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { delete propertiesOf(t, 'Net').Text; }));
    expect(modifyOf(changes, 'Net').details.map((d) => d.target.name)).toEqual(['Text']);
  });

  it('replaces for Replacement and Immutable properties, and for a property that declares no behaviour', () => {
    for (const name of ['Image', 'Old', 'Extra']) {
      const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { propertiesOf(t, 'Server')[name] = 'new'; }));
      expect(modifyOf(changes, 'Server')).toMatchObject({ replacement: 'True', updateKind: 'Replacement', details: [{ target: property(name, 'Always'), evaluation: 'Static' }] });
    }
  });

  it('lets the most disruptive property decide: Replacement over SomeInterruption over NoInterruption', () => {
    const inPlace = edited(baseTemplate(), (t) => { propertiesOf(t, 'Server').Note = 'x'; });
    expect(modifyOf(diffTemplates(baseTemplate(), inPlace), 'Server').updateKind).toBe('NoInterruption');
    const interrupting = edited(inPlace, (t) => { propertiesOf(t, 'Server').Size = 'large'; });
    expect(modifyOf(diffTemplates(baseTemplate(), interrupting), 'Server').updateKind).toBe('SomeInterruption');
    const replacing = edited(interrupting, (t) => { propertiesOf(t, 'Server').Image = 'debian'; });
    expect(modifyOf(diffTemplates(baseTemplate(), replacing), 'Server')).toMatchObject({ replacement: 'True', updateKind: 'Replacement' });
  });

  it('follows a type\'s refinement of one property\'s behaviour, with its reason', () => {
    const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { propertiesOf(t, 'Server').Label = 'host:web1'; }));
    expect(modifyOf(changes, 'Server')).toMatchObject({
      replacement: 'True',
      details: [{ target: property('Label', 'Always'), evaluation: 'Static', changeSource: 'DirectModification', reason: 'a host label renames the server' }],
    });
  });

  it('follows a type\'s objection to an in-place change of updatable properties', () => {
    const group = (count: number, userData: string) => edited(baseTemplate(), (t) => {
      t.Resources.Group = { Type: 'Test::Group', Properties: { Count: count, UserData: userData } };
    });
    expect(summary(diffTemplates(group(3, 'agent'), group(5, 'agent')))).toEqual(['Modify Group False']);
    const ensemble = modifyOf(diffTemplates(group(3, 'zk ${PrivateIps}'), group(5, 'zk ${PrivateIps}')), 'Group');
    expect(ensemble).toMatchObject({
      replacement: 'True',
      updateKind: 'Replacement',
      details: [{ target: property('Count', 'Always'), evaluation: 'Static', reason: 'members render every member\'s IP' }],
    });
  });
});

describe('diffStack: references to resources that change', () => {
  it('propagates a replacement to every dependant, transitively, as Dynamic references', () => {
    const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { propertiesOf(t, 'Net').Offering = 'other'; }));
    expect(summary(changes)).toEqual(['Modify Net True', 'Modify Server Conditional', 'Modify Ip Conditional', 'Modify Rule Conditional', 'Modify Balancer Conditional']);
    expect(modifyOf(changes, 'Net').details).toEqual([{ target: property('Offering', 'Always'), evaluation: 'Static', changeSource: 'DirectModification' }]);
    expect(modifyOf(changes, 'Ip')).toMatchObject({
      updateKind: 'Conditional',
      details: [{ target: property('Network', 'Always'), evaluation: 'Dynamic', changeSource: 'ResourceReference', causingEntity: 'Net' }],
    });
    // Rule refers to Net only through Ip, which may be replaced.
    expect(modifyOf(changes, 'Rule').details).toEqual([{ target: property('Ip', 'Always'), evaluation: 'Dynamic', changeSource: 'ResourceReference', causingEntity: 'Ip' }]);
  });

  it('updates a dependant in place when only its updatable properties refer to the replaced resource', () => {
    const changes = diffTemplates(baseTemplate(), edited(baseTemplate(), (t) => { propertiesOf(t, 'Server').Image = 'debian'; }));
    expect(summary(changes)).toEqual(['Modify Server True', 'Modify Balancer False']);
    expect(modifyOf(changes, 'Balancer')).toMatchObject({
      updateKind: 'NoInterruption',
      details: [{ target: property('Members', 'Never'), evaluation: 'Dynamic', changeSource: 'ResourceReference', causingEntity: 'Server' }],
    });
  });

  it('treats an attribute of a resource updated in place as unknown unless its schema says the change cannot touch it', () => {
    const template = edited(baseTemplate(), (t) => {
      t.Resources.Watch = { Type: 'Test::Server', Properties: { Image: { 'Fn::GetAtt': ['Server', 'Status'] }, Note: { 'Fn::GetAtt': ['Server', 'PrivateIp'] } } };
    });
    const changes = diffTemplates(template, edited(template, (t) => { propertiesOf(t, 'Server').Note = 'x'; }));
    expect(summary(changes)).toEqual(['Modify Server False', 'Modify Watch Conditional']);
    // Status declares nothing, so it may change; PrivateIp changes with nothing in place.
    expect(modifyOf(changes, 'Watch').details).toEqual([
      { target: property('Image', 'Always'), evaluation: 'Dynamic', changeSource: 'ResourceAttribute', causingEntity: 'Server.Status' },
    ]);
  });

  it('keeps an attribute known when the in-place change is not among the properties that change it', () => {
    const template = edited(baseTemplate(), (t) => {
      t.Resources.Watch = { Type: 'Test::Server', Properties: { Image: { 'Fn::GetAtt': ['Server', 'Label'] } } };
    });
    expect(summary(diffTemplates(template, edited(template, (t) => { propertiesOf(t, 'Server').Note = 'x'; })))).toEqual(['Modify Server False']);
    expect(summary(diffTemplates(template, edited(template, (t) => { propertiesOf(t, 'Server').Label = 'y'; })))).toEqual(['Modify Server False', 'Modify Watch Conditional']);
  });

  it('reports an edited value that refers to a new resource as a Dynamic direct modification', () => {
    const after = edited(baseTemplate(), (t) => {
      t.Resources.Server2 = structuredClone(t.Resources.Server);
      (propertiesOf(t, 'Balancer').Members as unknown[]).push({ Ref: 'Server2' });
    });
    const changes = diffTemplates(baseTemplate(), after);
    expect(summary(changes)).toEqual(['Modify Balancer False', 'Add Server2']);
    expect(modifyOf(changes, 'Balancer').details).toEqual([{ target: property('Members', 'Never'), evaluation: 'Dynamic', changeSource: 'DirectModification' }]);
  });

  it('does not ask a type to refine a value it cannot know yet', () => {
    const template = edited(baseTemplate(), (t) => { propertiesOf(t, 'Server').Label = { 'Fn::Sub': 'host:${Net}' }; });
    // The label names a replaced network: the refinement would say Replacement, but only the update can tell.
    const changes = diffTemplates(template, edited(template, (t) => { propertiesOf(t, 'Net').Zone = 'z2'; }));
    expect(modifyOf(changes, 'Server').details).toContainEqual({ target: property('Label', 'Never'), evaluation: 'Dynamic', changeSource: 'ResourceReference', causingEntity: 'Net' });
  });
});
