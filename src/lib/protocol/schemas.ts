/** Payload schemas of every socket.io action and HTTP body: validated once, at the edge. */
import * as v from 'valibot';
import {
  CARD_KINDS,
  MAX_CARD_TEXT,
  MAX_COMMENT_TEXT,
  MAX_NAME,
  MAX_NICKNAME,
  MAX_POLL_ANSWER,
  MAX_POLL_OPTION,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION,
  MAX_TITLE,
  MAX_VOTE_BUDGET,
  MIN_NICKNAME,
  POLL_KINDS,
  PROJECTOR_DENSITIES,
  PROJECTOR_LANGS,
  PROJECTOR_THEMES,
  REACTION_CHOICES,
  REJECT_REASONS,
  SCALE_MAXES
} from '../board/types.js';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
const Title = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TITLE));

export const Handshake = v.object({
  token: v.pipe(v.string(), v.maxLength(128)),
  boardId: Id,
  deviceId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/))
});

export const CardRef = v.strictObject({ cardId: Id });
export const HideCard = v.strictObject({ cardId: Id, hidden: v.boolean() });
export const Spotlight = v.strictObject({ cardId: v.nullable(Id) });
export const ClusterCards = v.strictObject({
  cardIds: v.pipe(v.array(Id), v.minLength(2), v.maxLength(200)),
  title: v.pipe(v.string(), v.trim(), v.maxLength(MAX_TITLE))
});
export const Lock = v.strictObject({ locked: v.boolean() });
export const TimerCommandSchema = v.variant('op', [
  v.strictObject({
    op: v.literal('set'),
    label: v.pipe(v.string(), v.maxLength(MAX_TITLE)),
    durationMs: v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(4 * 3600_000))
  }),
  v.strictObject({ op: v.literal('start') }),
  v.strictObject({ op: v.literal('pause') }),
  v.strictObject({ op: v.literal('reset') }),
  v.strictObject({ op: v.literal('clear') })
]);
export const ProjectorViewSchema = v.variant('mode', [
  v.strictObject({ mode: v.literal('board') }),
  v.strictObject({ mode: v.literal('topic'), topicId: Id }),
  v.strictObject({ mode: v.literal('org'), orgId: Id }),
  v.strictObject({ mode: v.literal('top'), limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)) }),
  v.strictObject({ mode: v.literal('matrix') }),
  v.strictObject({ mode: v.literal('questions') })
]);
/** Any subset of the projector style; at least one field. */
export const ProjectorStyleSchema = v.pipe(
  v.strictObject({
    projectorLang: v.optional(v.picklist(PROJECTOR_LANGS)),
    projectorTheme: v.optional(v.picklist(PROJECTOR_THEMES)),
    projectorLargeText: v.optional(v.boolean()),
    projectorDensity: v.optional(v.picklist(PROJECTOR_DENSITIES))
  }),
  v.check((o) => Object.values(o).some((x) => x !== undefined), 'Nothing to change')
);
export const AddNamed = v.strictObject({ title: Title });
export const RenameTopic = v.strictObject({ topicId: Id, title: Title });
export const TopicRef = v.strictObject({ topicId: Id });
export const RenameOrg = v.strictObject({ orgId: Id, title: Title });
export const OrgRef = v.strictObject({ orgId: Id });

// ---- Audience participation ------------------------------------------------------------

/** Chosen by the submitting device, once per submission; retries reuse it. */
export const IdempotencyKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'Idempotency key: 8–64 characters [A-Za-z0-9_-]'));
/** Optional: empty, or 2–30 characters. */
export const Nickname = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(MAX_NICKNAME),
  v.check((s) => s.length === 0 || s.length >= MIN_NICKNAME, `A nickname has ${MIN_NICKNAME}–${MAX_NICKNAME} characters`)
);
/** Whether the nickname may show on the public outputs (docs/privacy.md §5); absent means no. */
const NameConsent = v.optional(v.boolean(), false);
const CardText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_CARD_TEXT));
const CommentText = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_COMMENT_TEXT));

export const Submit = v.variant('type', [
  v.strictObject({
    type: v.literal('card'),
    key: IdempotencyKey,
    kind: v.picklist(CARD_KINDS),
    text: CardText,
    topicId: v.nullable(Id),
    author: Nickname,
    nameConsent: NameConsent,
    orgId: v.nullable(Id)
  }),
  v.strictObject({ type: v.literal('comment'), key: IdempotencyKey, cardId: Id, text: CommentText, author: Nickname, nameConsent: NameConsent, orgId: v.nullable(Id) })
]);
export const NoPayload = v.strictObject({});
/** Approve, optionally editing the text, kind or topic first. */
export const ApproveSubmission = v.strictObject({
  submissionId: Id,
  edit: v.optional(v.strictObject({ text: v.optional(CardText), kind: v.optional(v.picklist(CARD_KINDS)), topicId: v.optional(v.nullable(Id)) }))
});
/** Approve into an existing card: the submission becomes a card clustered with it. */
export const MergeSubmission = v.strictObject({ submissionId: Id, cardId: Id });
export const RejectSubmission = v.strictObject({ submissionId: Id, reason: v.picklist(REJECT_REASONS) });
const something = <T extends Record<string, unknown>>(o: T): boolean => Object.entries(o).some(([k, x]) => !k.endsWith('Id') && x !== undefined);
/** Redaction replaces values and erases the old ones from the stored documents and the history. */
const RedactedName = v.pipe(v.string(), v.trim(), v.maxLength(MAX_NAME));
/** A card's text and/or its author's name. */
export const RedactCard = v.pipe(
  v.strictObject({ cardId: Id, text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_CARD_TEXT))), author: v.optional(RedactedName) }),
  v.check(something, 'Nothing to redact: give the text or the author')
);
/** A comment's text and/or its author's nickname. */
export const RedactComment = v.pipe(
  v.strictObject({ commentId: Id, text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_COMMENT_TEXT))), author: v.optional(RedactedName) }),
  v.check(something, 'Nothing to redact: give the text or the author')
);
/** A poll's question and/or the text of some options. */
export const RedactPoll = v.pipe(
  v.strictObject({
    pollId: Id,
    question: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_POLL_QUESTION))),
    options: v.optional(v.pipe(v.array(v.strictObject({ id: Id, text: v.pipe(v.string(), v.trim(), v.maxLength(MAX_POLL_OPTION)) })), v.maxLength(MAX_POLL_OPTIONS)))
  }),
  v.check(something, 'Nothing to redact: give the question or options')
);
/** An audience member removes their own submission (and what it became) for good. */
export const WithdrawSubmission = v.strictObject({ submissionId: Id });
export const HideComment = v.strictObject({ commentId: Id, hidden: v.boolean() });
export const BoardSettingsSchema = v.pipe(
  v.strictObject({
    preModeration: v.optional(v.boolean()),
    voteBudget: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VOTE_BUDGET)))),
    commentsAllowed: v.optional(v.boolean()),
    reactions: v.optional(v.pipe(v.array(v.picklist(REACTION_CHOICES)), v.maxLength(REACTION_CHOICES.length)))
  }),
  v.check((o) => Object.values(o).some((x) => x !== undefined), 'Nothing to change')
);
/** Without cardId: every vote on the board. */
export const ResetVotes = v.strictObject({ cardId: v.optional(Id) });
export const SendReaction = v.strictObject({ emoji: v.picklist(REACTION_CHOICES), target: v.picklist(['board', 'spotlight']) });
/** Options: 2–10 for a choice poll, none for the other kinds (the command checks which). */
export const CreatePoll = v.strictObject({
  question: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_POLL_QUESTION)),
  kind: v.optional(v.picklist(POLL_KINDS)),
  scaleMax: v.optional(v.picklist(SCALE_MAXES)),
  multiple: v.boolean(),
  options: v.pipe(
    v.array(v.strictObject({ text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_POLL_OPTION)), cardId: v.nullable(Id) })),
    v.maxLength(MAX_POLL_OPTIONS)
  )
});
export const PollRef = v.strictObject({ pollId: Id });
/** The moderator marks a question answered, or takes the mark back. */
export const MarkAnswered = v.strictObject({ cardId: Id, answered: v.boolean() });
/** Which poll the projector and the audience see; null hides it. */
export const ShowPoll = v.strictObject({ pollId: v.nullable(Id) });
export const PollVote = v.strictObject({ pollId: Id, optionIds: v.pipe(v.array(Id), v.minLength(1), v.maxLength(MAX_POLL_OPTIONS)) });
/** A written answer; its length is checked against the poll's kind by the command (poll-answers.ts). */
export const PollAnswerInput = v.strictObject({ pollId: Id, text: v.pipe(v.string(), v.maxLength(MAX_POLL_ANSWER.open * 2)) });
export const DecidePollAnswer = v.strictObject({ answerId: Id, decision: v.picklist(['approve', 'reject']) });
export const PollAnswerRef = v.strictObject({ answerId: Id });

export const CreateEvent = v.strictObject({
  title: Title,
  date: v.pipe(v.string(), v.isoDate()),
  place: v.pipe(v.string(), v.trim(), v.maxLength(MAX_TITLE)),
  template: v.optional(v.picklist(['integration', 'blank']), 'integration'),
  lang: v.optional(v.picklist(['cs', 'en']), 'cs'),
  workshops: v.optional(v.pipe(v.array(Title), v.maxLength(20)), [])
});
export type CreateEventInput = v.InferOutput<typeof CreateEvent>;

export const AddBoard = v.strictObject({ title: Title });

/** POST …/tokens/:role/rotate: no body (or no `boardId`) replaces the role's link for the whole event; `boardId` only that board's audience link. */
export const RotateToken = v.optional(v.nullable(v.strictObject({ boardId: v.optional(Id) })));

/** The organiser's contact in the privacy notice: a name, an e-mail, a phone number. */
export const MAX_PRIVACY_CONTACT = 300;
export const EventPrivacy = v.pipe(
  v.strictObject({
    contact: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_PRIVACY_CONTACT))),
    retentionUntil: v.optional(v.pipe(v.string(), v.isoDate()))
  }),
  v.check((p) => p.contact !== undefined || p.retentionUntil !== undefined, 'Give contact or retentionUntil')
);
/** DELETE /api/events/:id?t=<moderator>: the event's title, typed again, confirms it. */
export const DeleteEvent = v.strictObject({ confirm: v.pipe(v.string(), v.maxLength(MAX_TITLE * 2)) });
