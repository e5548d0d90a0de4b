import type { ProblemList } from '../problem';
import type { TypeRegistry } from '../schema/type-registry';
import type { TemplateObject, TemplateValue } from '../template-value';
import { childPath, describeType, isTemplateObject } from '../template-value';

const AUTO_SCALING = 'AutoScalingCreationPolicy';
const OWN_KEY = 'MinSuccessfulMembersPercent';
const AWS_KEY = 'MinSuccessfulInstancesPercent';

/** The group-wide placeholders: members whose user data renders them list every member (a quorum). */
const GROUP_WIDE = /\$\{!?(PrivateIps|Count)\}/;

export interface MemberPolicyResource {
  logicalId: string;
  type?: string;
  path: string;
  properties: TemplateObject;
}

/**
 * A group's minimum share of members, in its CreationPolicy: MinSuccessfulMembersPercent, or
 * AutoScalingCreationPolicy.MinSuccessfulInstancesPercent where AWS puts it (not both). A whole
 * number from 0 to 100, or an intrinsic (a parameter) whose value the engine checks. Refused on
 * types whose schema has no `minimumMembers`, and below 100 for a group whose members render the
 * group's own ${PrivateIps} or ${Count}: every member lists all of them, so one left out would be
 * a peer the others wait for forever.
 */
export function checkMemberPolicy(creationPolicy: TemplateObject | undefined, resource: MemberPolicyResource, registry: TypeRegistry, problems: ProblemList): void {
  if (!creationPolicy) return;
  const own = creationPolicy[OWN_KEY];
  const autoScaling = creationPolicy[AUTO_SCALING];
  let aws: TemplateValue | undefined;
  if (autoScaling !== undefined) {
    const path = childPath(resource.path, AUTO_SCALING);
    if (!isTemplateObject(autoScaling)) problems.add(path, `expected {${AWS_KEY}}, got ${describeType(autoScaling)}`);
    else {
      for (const key of Object.keys(autoScaling)) if (key !== AWS_KEY) problems.add(childPath(path, key), `expected ${AWS_KEY}`);
      aws = autoScaling[AWS_KEY];
    }
  }
  if (own === undefined && aws === undefined) return;
  if (own !== undefined && aws !== undefined) {
    problems.add(resource.path, `give ${OWN_KEY} or ${AUTO_SCALING}.${AWS_KEY}, not both`);
    return;
  }
  const path = own !== undefined ? childPath(resource.path, OWN_KEY) : childPath(childPath(resource.path, AUTO_SCALING), AWS_KEY);
  const value = own ?? aws;
  const schema = resource.type === undefined ? undefined : registry.get(resource.type);
  if (schema && !schema.open && !schema.minimumMembers) {
    const able = registry.list().filter((s) => s.minimumMembers).map((s) => s.typeName);
    problems.add(path, `a minimum share of members applies to groups (${able.join(', ') || 'none here'}), not to ${resource.type}`);
    return;
  }
  const literal = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
  if (literal === undefined) {
    if (!isTemplateObject(value)) problems.add(path, `expected a whole number from 0 to 100, got ${describeType(value)}`);
    return;
  }
  if (!Number.isInteger(literal) || literal < 0 || literal > 100) {
    problems.add(path, `expected a whole number from 0 to 100, got ${JSON.stringify(value)}`);
    return;
  }
  if (literal < 100 && GROUP_WIDE.test(JSON.stringify(resource.properties.UserData ?? ''))) {
    problems.add(path, `${resource.logicalId}'s members render the group's own \${PrivateIps} or \${Count} (every member lists all of them, a quorum): a member left out would be listed by the others yet never run, so the group needs all its members (100), got ${literal}`);
  }
}
