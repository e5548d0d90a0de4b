export * from './error-codes';
export * from './api-error';
export * from './dates';
export * from './signing';
export * from './format';
export * from './payloads';
export * from './pagination';
export * from './params';
