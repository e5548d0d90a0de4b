import type { CloudStackClient } from '../../client';
import { parameterMap } from './stack-api';

/** One changed part of a resource and what caused it (CloudFormation's ResourceChangeDetail). */
export interface ChangeDetailRecord {
  target: { attribute: string; name?: string; requiresrecreation: string };
  evaluation: string;
  changesource: string;
  causingentity?: string;
  reason?: string;
}

export interface ResourceChangeRecord {
  action: 'Add' | 'Modify' | 'Remove';
  logicalresourceid: string;
  physicalresourceid?: string;
  resourcetype: string;
  /** Modify only: True, False or Conditional. */
  replacement?: string;
  scope?: string[];
  details?: ChangeDetailRecord[];
  /** Remove only: the DeletionPolicy the removal follows. */
  policyaction?: string;
}

/** A change set as listChangeSets answers it; `changes` only when it was asked for by id. */
export interface ChangeSetRecord {
  id: string;
  name: string;
  stackid: string;
  stackname: string;
  changesettype: 'CREATE' | 'UPDATE';
  status: string;
  statusreason?: string;
  executionstatus: string;
  changes?: ResourceChangeRecord[];
}

export interface ChangeSetRequest {
  name: string;
  /** The stack's name or id. */
  stack: string;
  /** Undefined: the stack's own template (useprevioustemplate=true). */
  templateBody?: string;
  params: Array<[string, string]>;
}

/** AWS's words (which the service answers) for a change set that would change nothing. */
export const NO_CHANGES_REASON = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** The service's change-set commands. */
export class ChangeSetApi {
  constructor(private readonly client: CloudStackClient) {}

  /** Submits an UPDATE change set; resolves once its job computed it, with the change set's id. */
  async createAndCompute(request: ChangeSetRequest): Promise<string> {
    const submitted = await this.client.submitAsync('createChangeSet', {
      name: request.name,
      stackname: request.stack,
      changesettype: 'UPDATE',
      templatebody: request.templateBody,
      useprevioustemplate: request.templateBody === undefined ? true : undefined,
      ...parameterMap(request.params),
    });
    if (!submitted.id) throw new Error('createChangeSet answered without the change set id');
    // The job succeeds even when the change set FAILED: the change set's status says how it ended.
    await this.client.waitForJob(submitted.jobid);
    return submitted.id;
  }

  /** One change set with every change it holds. */
  async get(id: string): Promise<ChangeSetRecord> {
    const answer = await this.client.request<{ changeset?: ChangeSetRecord[] }>('listChangeSets', { id });
    const found = answer.changeset?.[0];
    if (!found) throw new Error(`listChangeSets answered no change set for id ${id}`);
    return found;
  }

  async execute(id: string): Promise<{ stackId: string; jobid: string }> {
    const submitted = await this.client.submitAsync('executeChangeSet', { id });
    if (!submitted.id) throw new Error('executeChangeSet answered without the stack id');
    return { stackId: submitted.id, jobid: submitted.jobid };
  }

  async delete(id: string): Promise<void> {
    await this.client.request('deleteChangeSet', { id });
  }
}
