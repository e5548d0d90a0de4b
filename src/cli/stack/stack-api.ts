import { CloudStackClient } from '../../client';
import type { CallParams } from '../../client';
import { isUuid } from '../../client';

export interface StackOutput {
  key: string;
  value: string;
  description?: string;
}

/** A stack as listStacks and the stack jobs answer it (the fields this command shows). */
export interface StackRecord {
  id: string;
  name: string;
  status: string;
  statusreason?: string;
  created?: string;
  outputs?: StackOutput[];
}

export interface StackExportRecord {
  name: string;
  value: string;
  stackid: string;
  stackname: string;
}

export interface StackEventRecord {
  id: string;
  timestamp: string;
  logicalid: string;
  physicalid?: string;
  resourcetype: string;
  status: string;
  statusreason?: string;
  /** Not the service's: what the watcher adds for the reader (which object a DELETE is of). */
  note?: string;
}

export interface StackResourceRecord {
  logicalid: string;
  type: string;
  status: string;
  physicalid?: string;
  /** How far a create in progress has come (a group: "37 of 100 members running"). */
  progress?: string;
}

export interface CreateRequest {
  name: string;
  templateBody: string;
  params: Array<[string, string]>;
  zoneId?: string;
  onFailure?: string;
  timeoutMinutes?: number;
  terminationProtection?: boolean;
}

export interface UpdateRequest {
  id: string;
  /** Undefined: the stack keeps its template (useprevioustemplate=true). */
  templateBody?: string;
  params: Array<[string, string]>;
  timeoutMinutes?: number;
}

/** A CloudStack map parameter: parameters[0].key=K&parameters[0].value=V. */
export function parameterMap(entries: Array<[string, string]>): CallParams {
  const params: CallParams = {};
  entries.forEach(([key, value], i) => {
    params[`parameters[${i}].key`] = key;
    params[`parameters[${i}].value`] = value;
  });
  return params;
}

/** The service's stack commands, spoken exactly as cmk speaks them (signed CloudStack API). */
export class StackApi {
  constructor(readonly client: CloudStackClient) {}

  async create(request: CreateRequest): Promise<{ id: string; jobid: string }> {
    const params: CallParams = {
      name: request.name,
      templatebody: request.templateBody,
      zoneid: request.zoneId,
      onfailure: request.onFailure,
      timeoutinminutes: request.timeoutMinutes,
      terminationprotection: request.terminationProtection ? true : undefined,
    };
    const submitted = await this.client.submitAsync('createStack', { ...params, ...parameterMap(request.params) });
    if (!submitted.id) throw new Error('createStack answered without the new stack id');
    return { id: submitted.id, jobid: submitted.jobid };
  }

  async update(request: UpdateRequest): Promise<{ jobid: string }> {
    const { jobid } = await this.client.submitAsync('updateStack', {
      id: request.id,
      templatebody: request.templateBody,
      useprevioustemplate: request.templateBody === undefined ? true : undefined,
      timeoutinminutes: request.timeoutMinutes,
      ...parameterMap(request.params),
    });
    return { jobid };
  }

  async delete(id: string): Promise<{ jobid: string }> {
    const { jobid } = await this.client.submitAsync('deleteStack', { id });
    return { jobid };
  }

  /** Resolves with the job's stack, or rejects with CloudStack's error (errorcode, errortext). */
  async waitForStackJob(jobid: string): Promise<StackRecord | undefined> {
    const result = await this.client.waitForJob<{ stack?: StackRecord }>(jobid);
    return result.stack;
  }

  list(): Promise<StackRecord[]> {
    return this.client.listAll<StackRecord>('listStacks', {}, 'stack');
  }

  exports(): Promise<StackExportRecord[]> {
    return this.client.listAll<StackExportRecord>('listStackExports', {}, 'stackexport');
  }

  async importers(exportName: string): Promise<string[]> {
    return (await this.client.listAll<{ stackname: string }>('listStackImports', { exportname: exportName }, 'stackimport')).map((i) => i.stackname);
  }

  /** By id (deleted stacks included, as listStacks answers an id) or by the live name. */
  async find(nameOrId: string): Promise<StackRecord | undefined> {
    const filter = isUuid(nameOrId) ? { id: nameOrId } : { name: nameOrId };
    const stacks = await this.client.listAll<StackRecord>('listStacks', filter, 'stack');
    return stacks[0];
  }

  /** Oldest first (the service answers newest first). */
  async events(stackId: string): Promise<StackEventRecord[]> {
    const newestFirst = await this.client.listAll<StackEventRecord>('listStackEvents', { stackid: stackId }, 'stackevent');
    return newestFirst.reverse();
  }

  resources(stackId: string): Promise<StackResourceRecord[]> {
    return this.client.listAll<StackResourceRecord>('listStackResources', { stackid: stackId }, 'stackresource');
  }
}
