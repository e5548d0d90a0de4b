/**
 * The parameters the service named in an error: CloudFormation's wording, which the service
 * uses ("Parameter 'DbPassword' must match pattern ...", "Parameters: [A, B] must have values",
 * and unquoted "Parameter DbPassword failed to satisfy constraint: ...").
 */
export function parametersNamedIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/Parameter '([^']+)'/g)) names.add(match[1]);
  for (const match of text.matchAll(/Parameter ([A-Za-z0-9]+) failed to satisfy constraint/g)) names.add(match[1]);
  for (const match of text.matchAll(/Parameters: \[([^\]]+)\]/g)) match[1].split(',').forEach((name) => names.add(name.trim()));
  return [...names];
}
