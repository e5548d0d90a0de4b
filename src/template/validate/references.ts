import type { Template } from '../model';
import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import { childPath } from '../template-value';
import { checkIntrinsics } from './intrinsic-checks';
import type { ReferenceScope } from './reference-scope';

/** Every name used anywhere in the template must exist, and be usable where it is used. */
export function checkReferences(template: Template, registry: TypeRegistry, problems: ProblemList): void {
  const scope: ReferenceScope = {
    parameters: new Set(Object.keys(template.parameters)),
    resourceTypes: new Map(Object.entries(template.resources).map(([id, resource]) => [id, resource.type])),
    conditions: new Set(Object.keys(template.conditions)),
    mappings: template.mappings,
    registry,
  };
  for (const name of Object.keys(template.parameters)) {
    if (scope.resourceTypes.has(name)) problems.add(childPath('Resources', name), `'${name}' is both a parameter and a resource`);
  }
  for (const [name, condition] of Object.entries(template.conditions)) checkIntrinsics(condition, childPath('Conditions', name), scope, 'condition', problems);
  for (const [id, resource] of Object.entries(template.resources)) {
    const path = childPath('Resources', id);
    checkIntrinsics(resource.properties, childPath(path, 'Properties'), scope, 'resource', problems);
    if (resource.metadata !== undefined) checkIntrinsics(resource.metadata, childPath(path, 'Metadata'), scope, 'resource', problems);
    if (resource.creationPolicy !== undefined) checkIntrinsics(resource.creationPolicy, childPath(path, 'CreationPolicy'), scope, 'resource', problems);
    resource.dependsOn.forEach((target, index) => {
      if (!scope.resourceTypes.has(target)) problems.add(childPath(childPath(path, 'DependsOn'), index), `DependsOn '${target}', which is not a resource in this template`);
    });
    checkConditionName(resource.condition, childPath(path, 'Condition'), scope, problems);
  }
  for (const [name, output] of Object.entries(template.outputs)) {
    const path = childPath('Outputs', name);
    checkIntrinsics(output.value, childPath(path, 'Value'), scope, 'output', problems);
    if (output.description !== undefined) checkIntrinsics(output.description, childPath(path, 'Description'), scope, 'output', problems);
    if (output.exportName !== undefined) checkIntrinsics(output.exportName, childPath(childPath(path, 'Export'), 'Name'), scope, 'cross-stack name', problems);
    checkConditionName(output.condition, childPath(path, 'Condition'), scope, problems);
  }
}

function checkConditionName(name: string | undefined, path: string, scope: ReferenceScope, problems: ProblemList): void {
  if (name !== undefined && !scope.conditions.has(name)) problems.add(path, `condition '${name}' is not defined in Conditions`);
}
