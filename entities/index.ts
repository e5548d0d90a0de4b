export * from './entity-list';

export * from './async-job';
export * from './stack';
export * from './stack-event';
export * from './stack-resource';
export * from './stored-template';
export * from './worker-lease';
export * from './signal-token';
export * from './stack-export';
export * from './stack-import';
export * from './wait-condition-signal';
export * from './stack-update';
export * from './change-set';
export * from './client-request-token';
export * from './stack-capabilities';
export * from './stack-operation';
export * from './resource-state-entry';
export { applyEntries, countEntries, type MetadataEntryChange } from './state-entries';
export { newId } from './columns';
export { createDataSource } from './data-source';
export { runMigrations, pendingSchemaChanges } from './migrate';

