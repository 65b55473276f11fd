/** The board's shared model: types, layout, commands (the only writers) and selectors. */
export * from './types.js';
export * from './errors.js';
export * from './origin.js';
export * from './ids.js';
export * from './identity.js';
export * from './commands.js';
export * from './engagement.js';
export * from './selectors.js';
export * from './poll-results.js';
export * from './word-cloud.js';
export * from './visibility.js';
export * from './editing.js';
export * from './templates.js';
export * from './translations.js';
export * from './translation-commands.js';
export { readCard, readMeta, ROOT, SCHEMA_VERSION, CARD_CONTENT_FIELDS, CARD_MODERATION_FIELDS, CARD_FIELDS, voteKey, votedCardOf, parseVoteKey, isCardKind } from './layout.js';
export type { CardField, RootName } from './layout.js';
