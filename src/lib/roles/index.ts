/** Roles and what each may do. The server checks `can()` at every action; the UI only mirrors it. */
export const ROLES = ['moderator', 'panelist', 'audience', 'projector'] as const;
export type Role = (typeof ROLES)[number];

export const CAPABILITIES = [
  'board:read-full', // receive the full document, hidden cards included
  'board:write', // write card content over Yjs (own cards; moderator any)
  'card:edit-any',
  'card:vote',
  'submit', // send cards, questions and comments through the submission queue
  'react', // send reactions
  'poll:vote',
  'moderate', // hide, restore, spotlight, cluster, lock, timer, projector, topics, orgs
  'event:manage' // see role links, add workshop boards
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const TABLE: Record<Role, ReadonlySet<Capability>> = {
  moderator: new Set(CAPABILITIES),
  panelist: new Set<Capability>(['board:read-full', 'board:write', 'card:vote', 'submit', 'react', 'poll:vote']),
  audience: new Set<Capability>(['card:vote', 'submit', 'react', 'poll:vote']),
  projector: new Set<Capability>()
};

export const can = (role: Role, capability: Capability): boolean => TABLE[role].has(capability);

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
