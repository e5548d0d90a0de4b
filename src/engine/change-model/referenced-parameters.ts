import { intrinsicName, isTemplateObject, parseSubString } from '../../template';
import type { Template, TemplateValue } from '../../template';

/**
 * The template parameters a value depends on: through Ref, Fn::Sub variables, and the conditions
 * its Fn::If branches test (a condition's own parameters count: flipping it changes the value).
 */
export function referencedParameters(value: TemplateValue, template: Template): Set<string> {
  const walker = new ParameterWalker(template);
  walker.walk(value);
  return walker.found;
}

class ParameterWalker {
  readonly found = new Set<string>();
  private readonly visitedConditions = new Set<string>();

  constructor(private readonly template: Template) {}

  walk(value: TemplateValue): void {
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item);
      return;
    }
    if (!isTemplateObject(value)) return;
    const name = intrinsicName(value);
    const args = name === undefined ? undefined : value[name];
    if (name === 'Ref' && typeof args === 'string') this.name(args, new Set());
    else if (name === 'Fn::Sub') this.sub(args as TemplateValue);
    else if (name === 'Fn::If' && Array.isArray(args)) {
      if (typeof args[0] === 'string') this.condition(args[0]);
      this.walk(args.slice(1));
    } else if (name === undefined && Object.keys(value).length === 1 && typeof value.Condition === 'string') this.condition(value.Condition);
    else for (const item of Object.values(value)) this.walk(item);
  }

  private name(name: string, bound: ReadonlySet<string>): void {
    if (!bound.has(name) && Object.prototype.hasOwnProperty.call(this.template.parameters, name)) this.found.add(name);
  }

  /** A Sub variable bound in its own map is not a parameter, even when a parameter has its name. */
  private sub(args: TemplateValue): void {
    const [source, variables] = typeof args === 'string' ? [args, {}] : Array.isArray(args) ? [args[0], args[1]] : [undefined, undefined];
    const map = isTemplateObject(variables) ? variables : {};
    this.walk(map);
    if (typeof source !== 'string') return;
    const bound = new Set(Object.keys(map));
    for (const part of parseSubString(source)) if ('variable' in part) this.name(part.variable, bound);
  }

  private condition(name: string): void {
    if (this.visitedConditions.has(name) || !Object.prototype.hasOwnProperty.call(this.template.conditions, name)) return;
    this.visitedConditions.add(name);
    this.walk(this.template.conditions[name]);
  }
}
