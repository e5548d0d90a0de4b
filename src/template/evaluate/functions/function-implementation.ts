import type { TemplateValue } from '../../template-value';
import type { Evaluator } from '../evaluator';
import type { Evaluated } from '../sentinels';

/** One intrinsic function: receives its unevaluated arguments, so it decides what to evaluate. */
export type FunctionImplementation = (args: TemplateValue, path: string, evaluator: Evaluator) => Evaluated;
