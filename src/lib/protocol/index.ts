export * from './close-codes.js';
export * from './errors.js';
export * from './events.js';
export * from './api.js';
export * as schemas from './schemas.js';
export * from './join-code.js';
