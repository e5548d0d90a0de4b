import { Stack, StackResource } from '../../entities';
import {
  activeResources,
  buildDependencyGraph,
  DependencyGraph,
  createEvaluationContext,
  EvaluationContext,
  loadTemplate,
  ReferenceResolver,
  resolveParameters,
  Template,
  TypeRegistry,
} from '../template';

import { REF_ATTRIBUTE } from '../resources/ref-attribute';
import { stackArn } from './arn';
import { ResourceStatus } from './statuses';


/** What a stack operation works from: the template, evaluated conditions and the graph. */
export interface StackPlan {
  template: Template;
  evaluation: EvaluationContext;
  active: string[];
  graph: DependencyGraph;
}

export interface PlanInputs {
  stack: Stack;
  templateBody: string;
  registry: TypeRegistry;
  region: string;
  zoneNames: string[];
  /**
   * The template of a stack that exists (running its operation), not one being submitted: a
   * feature refused after the stack was accepted must not keep the stack from being deleted.
   */
  storedTemplate?: boolean;
  /** The account's exports (name → value), which Fn::ImportValue reads. */
  exports?: ReadonlyMap<string, string>;
}

export function buildStackPlan(inputs: PlanInputs): StackPlan {
  const template = loadTemplate(inputs.templateBody, inputs.registry, { storedTemplate: inputs.storedTemplate });
  const given = Object.fromEntries(inputs.stack.parameters.map((p) => [p.key, p.value]));
  const evaluation = createEvaluationContext({
    template,
    parameterValues: resolveParameters(template, given),
    pseudo: {
      stackName: inputs.stack.name,
      // As on AWS, AWS::StackId is the stack's ARN (templates split it for the uuid at its end).
      stackId: stackArn({ region: inputs.region, accountId: inputs.stack.accountId }, inputs.stack.name, inputs.stack.id),
      region: inputs.region,
      accountId: inputs.stack.accountId,
      zones: inputs.zoneNames,
    },
    importValue: (name) => inputs.exports?.get(name),
  });
  const active = activeResources(evaluation);
  return { template, evaluation, active, graph: buildDependencyGraph(template, active) };
}

/** Ref and GetAtt answered from the resources that finished creating (or updating). */
export function resolverFor(resources: ReadonlyMap<string, StackResource>): ReferenceResolver {
  const complete = (logicalId: string) => {
    const row = resources.get(logicalId);
    return row && (row.status === ResourceStatus.CREATE_COMPLETE || row.status === ResourceStatus.UPDATE_COMPLETE) ? row : undefined;
  };
  return {
    ref(logicalId) {
      const row = complete(logicalId);
      if (!row) return undefined;
      const ref = row.attributes[REF_ATTRIBUTE];
      return (ref as string | undefined) ?? row.physicalId ?? undefined;
    },
    getAtt(logicalId, attribute) {
      const row = complete(logicalId);
      if (!row || attribute === REF_ATTRIBUTE) return undefined;
      return row.attributes[attribute] as never;
    },
  };
}
