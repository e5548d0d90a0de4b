import type { Caller } from '../../auth/caller';
import type { ChangeSetService } from '../../engine/change-sets/change-set-service';
import type { ClientRequests } from '../../engine/client-requests';
import type { ResourceSignals } from '../../engine/resource-signal';
import type { StackService } from '../../engine/stack-service';
import type { TemplateUrlAllowList } from '../../engine/template-url/allow-list';
import type { Logger } from '../../logging/logger';
import type { ResourceRegistry } from '../../resources/registry';

/** What the AWS operations call: the same services the CloudStack commands call. */
export interface AwsServices {
  stacks: StackService;
  changeSets: ChangeSetService;
  clientRequests: ClientRequests;
  resourceTypes: ResourceRegistry;
  templateUrls: TemplateUrlAllowList;
  resourceSignals: ResourceSignals;
}

export interface AwsRequest {
  caller: Caller;
  /** The credential scope's region, echoed in ARNs. */
  region: string;
  /** The operation's input shape, read from the form by the model. */
  input: Record<string, any>;
  logger: Logger;
}

/** An operation's behaviour: calls a service and answers the members of its output shape. */
export type AwsOperation = (request: AwsRequest, services: AwsServices) => Promise<Record<string, unknown>>;
