import { referencedParameters } from '../../../../src/engine/change-model/referenced-parameters';
import type { TemplateValue } from '../../../../src/template';
import { contextOf } from './support/stacks';
import { TEST_REGISTRY } from './support/test-types';

const template = contextOf(JSON.stringify({
  Parameters: Object.fromEntries(['A', 'B', 'C', 'D', 'E', 'F'].map((name) => [name, { Type: 'String', Default: 'x' }])),
  Conditions: {
    Inner: { 'Fn::Equals': [{ Ref: 'E' }, 'x'] },
    Outer: { 'Fn::And': [{ Condition: 'Inner' }, { 'Fn::Equals': [{ Ref: 'F' }, 'x'] }] },
  },
  Resources: { Key: { Type: 'Test::Key' } },
}), {}, TEST_REGISTRY).template;

const found = (value: TemplateValue) => [...referencedParameters(value, template)].sort();

describe('referencedParameters', () => {
  it('finds Ref and Fn::Sub variables, but not a Sub variable bound in its own map, resources or pseudo-parameters', () => {
    expect(found({ 'Fn::Join': ['-', [{ Ref: 'A' }, { Ref: 'Key' }, { Ref: 'AWS::Region' }]] })).toEqual(['A']);
    expect(found({ 'Fn::Sub': ['${B}/${C}/${Key.Name}/${!D}', { C: 'bound' }] })).toEqual(['B']);
    expect(found({ 'Fn::Sub': '${D}' })).toEqual(['D']);
  });

  it('follows an Fn::If through the conditions it tests, nested ones included', () => {
    expect(found({ 'Fn::If': ['Outer', { Ref: 'A' }, 'no'] })).toEqual(['A', 'E', 'F']);
  });
});
