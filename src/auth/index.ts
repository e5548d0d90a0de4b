export * from './caller';
export * from './visibility';
export * from './credential-directory';
export * from './management-server-directory';
export * from './caching-directory';
export * from './authenticator';
