/** waitForJob gave up before the job finished; the job itself may still complete later. */
export class CloudStackJobTimeoutError extends Error {
  readonly jobid: string;
  readonly timeoutMs: number;

  constructor(jobid: string, timeoutMs: number) {
    super(`Async job ${jobid} did not finish within ${timeoutMs} ms`);
    this.name = 'CloudStackJobTimeoutError';
    this.jobid = jobid;
    this.timeoutMs = timeoutMs;
  }
}
