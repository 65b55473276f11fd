/** socket.io event maps: they type both the server and the client ends. */
import type * as v from 'valibot';
import type { Role } from '../roles/index.js';
import type { Ack } from './errors.js';
import type * as S from './schemas.js';

type In<T extends v.GenericSchema> = v.InferInput<T>;

export type PresenceCounts = Record<Role, number>;

/** Every action the server accepts, with its payload and ack data. */
export interface ActionMap {
  'vote:toggle': { payload: In<typeof S.CardRef>; result: { voted: boolean } };
  'card:hide': { payload: In<typeof S.HideCard>; result: undefined };
  'card:spotlight': { payload: In<typeof S.Spotlight>; result: undefined };
  'card:cluster': { payload: In<typeof S.ClusterCards>; result: { clusterId: string } };
  'card:uncluster': { payload: In<typeof S.CardRef>; result: undefined };
  'board:lock': { payload: In<typeof S.Lock>; result: undefined };
  'board:timer': { payload: In<typeof S.TimerCommandSchema>; result: undefined };
  'board:projector': { payload: In<typeof S.ProjectorViewSchema>; result: undefined };
  'board:projector-style': { payload: In<typeof S.ProjectorStyleSchema>; result: undefined };
  'topic:add': { payload: In<typeof S.AddNamed>; result: { topicId: string } };
  'topic:rename': { payload: In<typeof S.RenameTopic>; result: undefined };
  'topic:remove': { payload: In<typeof S.TopicRef>; result: undefined };
  'org:add': { payload: In<typeof S.AddNamed>; result: { orgId: string } };
  'org:rename': { payload: In<typeof S.RenameOrg>; result: undefined };
  'org:remove': { payload: In<typeof S.OrgRef>; result: undefined };
}
export type ActionName = keyof ActionMap;

export type ClientToServerEvents = {
  [K in ActionName]: (payload: ActionMap[K]['payload'], ack: Ack<ActionMap[K]['result']>) => void;
};

export interface ServerToClientEvents {
  /** Live participant counts per role for the connection's board. */
  presence: (counts: PresenceCounts) => void;
  /** The server is about to close this connection, and why. */
  notice: (notice: { reason: 'token-revoked' | 'shutting-down'; message: string }) => void;
}

export interface HandshakeAuth {
  token: string;
  boardId: string;
  deviceId: string;
}
