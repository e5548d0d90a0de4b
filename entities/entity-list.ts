import { AsyncJob } from './async-job';
import { Stack } from './stack';
import { StackEvent } from './stack-event';
import { StackResource } from './stack-resource';
import { StoredTemplate } from './stored-template';
import { SignalToken } from './signal-token';
import { WaitConditionSignal } from './wait-condition-signal';
import { WorkerLease } from './worker-lease';
import { StackUpdate } from './stack-update';
import { ChangeSet } from './change-set';
import { ClientRequestToken } from './client-request-token';
import { StackCapabilities } from './stack-capabilities';
import { StackOperation } from './stack-operation';
import { ResourceStateEntry } from './resource-state-entry';
import { StackExport } from './stack-export';
import { StackImport } from './stack-import';

export const ENTITIES = [Stack, StackResource, StackEvent, StoredTemplate, AsyncJob, WorkerLease, SignalToken, WaitConditionSignal, StackUpdate, ChangeSet, ClientRequestToken, StackCapabilities, StackOperation, ResourceStateEntry, StackExport, StackImport];
