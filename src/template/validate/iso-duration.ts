/**
 * The seconds of an ISO 8601 duration as CloudFormation writes them (PT30S, PT5M, PT1H30M; PT0S
 * is zero), or undefined when the text is not one. Days and larger units are not used by any
 * policy here, so they are not accepted.
 */
export function isoDurationSeconds(text: string): number | undefined {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined && match[3] === undefined)) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}
