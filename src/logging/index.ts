export * from './logger';
export * from './secret-masker';
export * from './live-secrets';
