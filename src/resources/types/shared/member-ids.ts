/**
 * VM ids from a property that may hold ids, comma-separated strings, or lists of them: a
 * VirtualMachineGroup's MemberIds attribute is itself a list, so templates naturally pass
 * `[!GetAtt Group.MemberIds, !Ref Extra]`.
 */
export function flattenIds(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return [...new Set(value.flatMap(flattenIds))];
  return String(value).split(',').map((v) => v.trim()).filter((v) => v !== '');
}
