const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** CloudStack ids are UUIDs; anything else given where an id is expected is a name. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
