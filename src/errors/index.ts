export * from './service-error';
export * from './validation-error';
export * from './not-found-error';
export * from './permission-denied-error';
export * from './resource-limit-error';
export * from './conflict-error';
export * from './internal-error';
export * from './to-cloudstack-error';
