/** The payload shapes CloudStack answers with, inside the command's envelope. */

/** `{"count": N, "<object>": [...]}`; an empty list is `{}`. count is the total across pages. */
export function listPayload(objectName: string, items: object[], total: number = items.length): Record<string, unknown> {
  if (total === 0) return {};
  if (items.length === 0) return { count: total };
  return { count: total, [objectName]: items };
}

export function singlePayload(objectName: string, item: object): Record<string, unknown> {
  return { [objectName]: item };
}

/**
 * `success` is the JSON boolean, synchronous or in a job result: today's ApiResponseSerializer
 * serializes SuccessResponse's Boolean field (CLOUDSTACK-10253, apache/cloudstack#2428), as
 * cloudstack-go's recording shows. Only servers from before that change sent the string "true"
 * that Libcloud's delete_key_pair still compares with.
 */
export function successPayload(displaytext?: string): Record<string, unknown> {
  return displaytext === undefined ? { success: true } : { success: true, displaytext };
}

/** What an async command answers at submission; create-style commands add the new object's id. */
export function asyncSubmitPayload(jobid: string, id?: string): Record<string, unknown> {
  return id === undefined ? { jobid } : { id, jobid };
}

export const JobStatus = { PENDING: 0, SUCCEEDED: 1, FAILED: 2 } as const;
export type JobStatusValue = (typeof JobStatus)[keyof typeof JobStatus];

/** A job as queryAsyncJobResult / listAsyncJobs show it (field names and types of the real server). */
export interface AsyncJobView {
  accountid: string;
  userid: string;
  cmd: string;
  jobstatus: JobStatusValue;
  jobprocstatus: number;
  jobresultcode: number;
  jobresulttype: string;
  jobresult?: Record<string, unknown>;
  jobinstancetype?: string;
  jobinstanceid?: string;
  created: string;
  completed?: string;
  jobid: string;
}
