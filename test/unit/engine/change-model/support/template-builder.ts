export type Json = Record<string, unknown>;
export interface ResourceJson extends Json {
  Type: string;
  Properties?: Json;
}
export interface TemplateJson extends Json {
  Parameters?: Json;
  Conditions?: Json;
  Resources: Record<string, ResourceJson>;
}

/** A copy of `template` changed by `change`: the new template of an update. */
export function edited(template: TemplateJson, change: (copy: TemplateJson) => void): TemplateJson {
  const copy = structuredClone(template);
  change(copy);
  return copy;
}

export function propertiesOf(template: TemplateJson, logicalId: string): Json {
  const resource = template.Resources[logicalId];
  resource.Properties ??= {};
  return resource.Properties;
}
