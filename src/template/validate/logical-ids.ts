import { TEMPLATE_LIMITS } from '../limits';
import type { ProblemList } from '../problem';

const ALPHANUMERIC = /^[A-Za-z0-9]+$/;

/** CloudFormation logical ids (parameters, resources, outputs, mappings) are alphanumeric. */
export function checkLogicalId(id: string, path: string, problems: ProblemList): void {
  if (!ALPHANUMERIC.test(id)) problems.add(path, 'logical ID must be alphanumeric (A-Za-z0-9)');
  else if (id.length > TEMPLATE_LIMITS.maxLogicalIdLength) {
    problems.add(path, `logical ID must be at most ${TEMPLATE_LIMITS.maxLogicalIdLength} characters`);
  }
}
