import { AsyncJob } from './async-job';
import { Stack } from './stack';
import { StackEvent } from './stack-event';
import { StackResource } from './stack-resource';
import { StoredTemplate } from './stored-template';
import { WorkerLease } from './worker-lease';

export const ENTITIES = [Stack, StackResource, StackEvent, StoredTemplate, AsyncJob, WorkerLease];
