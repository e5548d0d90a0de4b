export * from './config';
export * from './config-error';
export * from './database-url';
export * from './template-url-allow';
export * from './public-url';
export * from './pass-through';
export * from './engine-concurrency';
