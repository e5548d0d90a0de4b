import { isPseudoParameter } from '../../pseudo-parameters';
import type { PseudoParameterName } from '../../pseudo-parameters';
import type { TemplateValue } from '../../template-value';
import type { EvaluationContext } from '../evaluation-types';
import type { Evaluator } from '../evaluator';
import type { Evaluated } from '../sentinels';
import { NO_VALUE } from '../sentinels';

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** What `Ref: name` (or `${name}` in Fn::Sub) means: a pseudo-parameter, a parameter or a resource. */
export function resolveName(name: string, path: string, evaluator: Evaluator): Evaluated {
  const context = evaluator.context;
  if (isPseudoParameter(name)) return pseudoParameterValue(name, context);
  if (has(context.parameterValues, name)) {
    const value = context.parameterValues[name];
    return Array.isArray(value) ? [...value] : value;
  }
  if (has(context.template.parameters, name)) return evaluator.fail(path, `parameter '${name}' has no value`);
  if (!has(context.template.resources, name)) {
    return evaluator.fail(path, `Ref to '${name}', which is not a parameter, resource or pseudo-parameter`);
  }
  assertResourceExists(name, path, evaluator);
  const value = evaluator.resolver.ref(name);
  return value === undefined ? evaluator.recordMissing({ logicalId: name }) : value;
}

/** `Fn::GetAtt [logicalId, attribute]` or `${logicalId.attribute}`. */
export function resolveAttribute(logicalId: string, attribute: string, path: string, evaluator: Evaluator): Evaluated {
  if (!has(evaluator.context.template.resources, logicalId)) {
    return evaluator.fail(path, `Fn::GetAtt refers to '${logicalId}', which is not a resource in this template`);
  }
  assertResourceExists(logicalId, path, evaluator);
  const value = evaluator.resolver.getAtt(logicalId, attribute);
  return value === undefined ? evaluator.recordMissing({ logicalId, attribute }) : value;
}

/** A resource whose Condition is false is never created, so nothing taken can refer to it. */
function assertResourceExists(logicalId: string, path: string, evaluator: Evaluator): void {
  const condition = evaluator.context.template.resources[logicalId].condition;
  if (condition !== undefined && !evaluator.condition(condition, path)) {
    evaluator.fail(path, `resource '${logicalId}' is not created (its condition '${condition}' is false) but is referenced here`);
  }
}

function pseudoParameterValue(name: PseudoParameterName, context: EvaluationContext): TemplateValue | typeof NO_VALUE {
  const pseudo = context.pseudo;
  switch (name) {
    case 'AWS::StackName':
      return pseudo.stackName;
    case 'AWS::StackId':
      return pseudo.stackId;
    case 'AWS::Region':
      return pseudo.region;
    case 'AWS::AccountId':
      return pseudo.accountId;
    case 'AWS::Partition':
      return pseudo.partition;
    case 'AWS::URLSuffix':
      return pseudo.urlSuffix;
    case 'AWS::NotificationARNs':
      return [...pseudo.notificationArns];
    case 'AWS::NoValue':
      return NO_VALUE;
  }
}
