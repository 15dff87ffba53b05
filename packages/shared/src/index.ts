export * from './common.js';
export * from './permissions.js';
export * from './auth.js';
export * from './tenants.js';
export * from './users.js';
export * from './contacts.js';
export * from './audit.js';
export * from './telephony.js';
