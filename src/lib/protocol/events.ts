/** socket.io event maps: they type both the server and the client ends. */
import type * as v from 'valibot';
import type { CardKind, Reaction, RejectReason, SubmissionStatus } from '../board/types.js';
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
  // Audience participation: submissions and the moderator's queue (server/board/actions/submissions.ts)
  'submission:create': { payload: In<typeof S.Submit>; result: SubmissionView };
  'submission:mine': { payload: In<typeof S.NoPayload>; result: SubmissionView[] };
  'queue:approve': { payload: In<typeof S.ApproveSubmission>; result: { resultId: string } };
  'queue:merge': { payload: In<typeof S.MergeSubmission>; result: { resultId: string } };
  'queue:reject': { payload: In<typeof S.RejectSubmission>; result: undefined };
  'submission:withdraw': { payload: In<typeof S.WithdrawSubmission>; result: undefined };
  'card:redact': { payload: In<typeof S.RedactCard>; result: undefined };
  'comment:redact': { payload: In<typeof S.RedactComment>; result: undefined };
  'poll:redact': { payload: In<typeof S.RedactPoll>; result: undefined };
  'comment:hide': { payload: In<typeof S.HideComment>; result: undefined };
  // Audience participation: settings, votes, reactions, polls (server/board/actions/engagement.ts)
  'board:settings': { payload: In<typeof S.BoardSettingsSchema>; result: undefined };
  'votes:reset': { payload: In<typeof S.ResetVotes>; result: { removed: number } };
  'reaction:send': { payload: In<typeof S.SendReaction>; result: undefined };
  'poll:create': { payload: In<typeof S.CreatePoll>; result: { pollId: string } };
  'poll:close': { payload: In<typeof S.PollRef>; result: undefined };
  'poll:show': { payload: In<typeof S.ShowPoll>; result: undefined };
  'poll:vote': { payload: In<typeof S.PollVote>; result: undefined };
  // Free-text polls: answers wait for the moderator (server/board/actions/poll-answers.ts)
  'poll:answer': { payload: In<typeof S.PollAnswerInput>; result: { answerId: string } };
  'poll:answer:decide': { payload: In<typeof S.DecidePollAnswer>; result: undefined };
  'poll:answer:redact': { payload: In<typeof S.PollAnswerRef>; result: undefined };
  // Q&A: upvotes and the answered mark (server/board/actions/questions.ts)
  'question:upvote': { payload: In<typeof S.CardRef>; result: { upvoted: boolean } };
  'question:answered': { payload: In<typeof S.MarkAnswered>; result: undefined };
}

/** A submission as its submitter sees it: only their own, never anyone else's. */
export interface SubmissionView {
  id: string;
  /** The idempotency key the device chose. */
  key: string;
  type: 'card' | 'comment';
  kind: CardKind | null;
  text: string;
  status: SubmissionStatus;
  reason: RejectReason | null;
  /** The card or comment it became (or was merged into), once approved. */
  resultId: string | null;
  /** What it became is hidden by the moderator: shown to its author alone, never to anyone else. */
  hidden: boolean;
  createdAt: number;
}

/** Reactions aggregated over a short window: one burst per window, not one event per tap. */
export interface ReactionBurst {
  /** 'board', or the id of the spotlighted card the reactions were for. */
  target: string;
  counts: Partial<Record<Reaction, number>>;
}
export type ActionName = keyof ActionMap;

export type ClientToServerEvents = {
  [K in ActionName]: (payload: ActionMap[K]['payload'], ack: Ack<ActionMap[K]['result']>) => void;
};

export interface ServerToClientEvents {
  /** Live participant counts per role for the connection's board. */
  presence: (counts: PresenceCounts) => void;
  /** The server is about to close this connection, and why. */
  notice: (notice: { reason: 'token-revoked' | 'event-deleted' | 'shutting-down'; message: string }) => void;
  /** A change to one of this participant's own submissions (sent to their sockets only). */
  submission: (submission: SubmissionView) => void;
  /** Aggregated reactions for the board (sent to every connection of the board). */
  reactions: (burst: ReactionBurst) => void;
}

export interface HandshakeAuth {
  token: string;
  boardId: string;
  deviceId: string;
}
