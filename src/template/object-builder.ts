import type { TemplateObject, TemplateValue } from './template-value';

/**
 * Sets an own enumerable property even for keys such as "__proto__", which plain assignment
 * would turn into a prototype change (templates are untrusted input).
 */
export function setOwn(target: TemplateObject, key: string, value: TemplateValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
