import type { ProblemList } from '../problem';
import type { ReferenceScope } from './reference-scope';

/** Checks `Fn::GetAtt [logicalId, attribute]` against the resource's declared attributes. */
export function checkAttributeReference(logicalId: string, attribute: string | undefined, path: string, scope: ReferenceScope, problems: ProblemList): void {
  const type = scope.resourceTypes.get(logicalId);
  if (type === undefined) {
    problems.add(path, `Fn::GetAtt refers to '${logicalId}', which is not a resource in this template`);
    return;
  }
  const schema = scope.registry.get(type);
  if (attribute === undefined || schema === undefined || schema.open) return;
  if (!Object.prototype.hasOwnProperty.call(schema.attributes, attribute)) {
    const known = Object.keys(schema.attributes);
    const expected = known.length > 0 ? `; expected one of ${known.join(', ')}` : '; it has no attributes';
    problems.add(path, `resource ${logicalId} (${type}) has no attribute '${attribute}'${expected}`);
  }
}
