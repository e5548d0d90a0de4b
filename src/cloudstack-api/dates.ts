/**
 * CloudStack's date conventions: responses use yyyy-MM-dd'T'HH:mm:ssZ (e.g.
 * 2026-01-01T00:00:00+0000); `expires` is accepted in every form the server's
 * DateUtil.parseTZDateString accepts.
 */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatCloudStackDate(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+0000`
  );
}

// date, time, optional fraction (1-9 digits), then the zone in one of the accepted spellings.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(.*)$/;
// Zone forms: Z, +hh:mm, +hhmm, +hh, and the legacy 'Z' followed by +hhmm.
const ZONE = /^(?:Z|([+-])(\d{2})(?::?(\d{2}))?|Z([+-])(\d{2})(\d{2}))$/;

/** Parses a CloudStack `expires` value; undefined when it is in no accepted form. */
export function parseCloudStackDate(value: string): Date | undefined {
  const m = DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zonePart] = m;
  const z = ZONE.exec(zonePart);
  if (!z) return undefined;
  let offsetMinutes = 0;
  if (z[1]) offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  else if (z[4]) offsetMinutes = (z[4] === '-' ? -1 : 1) * (Number(z[5]) * 60 + Number(z[6]));
  const fields = [y, mo, d, h, mi, s].map(Number);
  if (fields[1] < 1 || fields[1] > 12 || fields[2] < 1 || fields[2] > 31 || fields[3] > 23 || fields[4] > 59 || fields[5] > 60) {
    return undefined;
  }
  const millis = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const utc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], millis);
  return new Date(utc - offsetMinutes * 60_000);
}
