import type { CollectionTag, ScalarTag } from 'yaml';

/** CloudFormation's YAML short forms: `!Ref x` is `{Ref: x}`, `!Join [...]` is `{"Fn::Join": [...]}`. */
export const SHORT_FORM_FUNCTIONS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  ImportValue: 'Fn::ImportValue',
  Length: 'Fn::Length',
  ToJsonString: 'Fn::ToJsonString',
  // The rule functions of the Rules section (validate/rules.ts refuses the last three).
  Contains: 'Fn::Contains',
  EachMemberEquals: 'Fn::EachMemberEquals',
  EachMemberIn: 'Fn::EachMemberIn',
  RefAll: 'Fn::RefAll',
  ValueOf: 'Fn::ValueOf',
  ValueOfAll: 'Fn::ValueOfAll',
};

/**
 * Registered so the composer keeps the tag on the node without warning; the conversion to the
 * long form happens afterwards, where nesting and expansion are bounded.
 */
export function shortFormTags(): Array<ScalarTag | CollectionTag> {
  const tags: Array<ScalarTag | CollectionTag> = [];
  for (const name of Object.keys(SHORT_FORM_FUNCTIONS)) {
    const tag = `!${name}`;
    tags.push({ tag, resolve: (source: string) => source } as ScalarTag);
    tags.push({ tag, collection: 'seq' } as CollectionTag);
    tags.push({ tag, collection: 'map' } as CollectionTag);
  }
  return tags;
}
