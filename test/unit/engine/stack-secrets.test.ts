import { Stack } from '../../../entities';
import { effectiveParameters } from '../../../src/engine/stack-parameters';
import { noEchoValues, stackMasker } from '../../../src/engine/stack-secrets';
import { loadTemplate, TypeRegistry } from '../../../src/template';

const stackWith = (parameters: Array<{ key: string; value: string }>, noEchoKeys: string[]) => Object.assign(new Stack(), { parameters, noEchoKeys });

describe("a stack's NoEcho values", () => {
  it('are the stored values of NoEcho parameters only, with the items of a list', () => {
    const stack = stackWith([{ key: 'Pw', value: 'Secret-1' }, { key: 'Keys', value: 'key-one, key-two' }, { key: 'Name', value: 'web' }], ['Pw', 'Keys']);
    expect(noEchoValues(stack).sort()).toEqual(['Secret-1', 'key-one', 'key-one, key-two', 'key-two'].sort());
  });

  it('include resolved values the stack did not store (a default of an older stack)', () => {
    const stack = stackWith([], ['Pw', 'Cidrs']);
    expect(noEchoValues(stack, { Pw: 'from-default', Cidrs: ['10.0.0.0/8', '192.168.0.0/16'], Other: 'shown' }).sort())
      .toEqual(['10.0.0.0/8', '10.0.0.0/8,192.168.0.0/16', '192.168.0.0/16', 'from-default'].sort());
  });

  it('are what the stack masker hides', () => {
    const masker = stackMasker(stackWith([{ key: 'Pw', value: 'Secret-1' }, { key: 'Name', value: 'web' }], ['Pw']));
    expect(masker.mask('Pw=Secret-1 Name=web')).toBe('Pw=**** Name=web');
  });
});

describe('effective parameters', () => {
  it('list every declared parameter in template order, the given value else the default', () => {
    const template = loadTemplate(JSON.stringify({
      Parameters: {
        Size: { Type: 'Number', Default: '2' },
        Pw: { Type: 'String', NoEcho: true, Default: 'changeme' },
        Name: { Type: 'String' },
        Optional: { Type: 'String', Default: '' },
      },
      Resources: { H: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
    }), new TypeRegistry([{ typeName: 'AWS::CloudFormation::WaitConditionHandle', properties: {}, attributes: {} }]));
    expect(effectiveParameters(template, [{ key: 'Name', value: 'web' }])).toEqual([
      { key: 'Size', value: '2' }, { key: 'Pw', value: 'changeme' }, { key: 'Name', value: 'web' }, { key: 'Optional', value: '' },
    ]);
  });
});
