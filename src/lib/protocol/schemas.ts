/** Payload schemas of every socket.io action and HTTP body: validated once, at the edge. */
import * as v from 'valibot';
import { CARD_KINDS, MAX_CARD_TEXT, MAX_TITLE, PROJECTOR_DENSITIES, PROJECTOR_LANGS, PROJECTOR_THEMES } from '../board/types.js';

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
  v.strictObject({ mode: v.literal('matrix') })
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

/** A card typed by someone through an action rather than over Yjs (used by later audience submissions). */
export const CardInput = v.strictObject({
  kind: v.picklist(CARD_KINDS),
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_CARD_TEXT)),
  orgId: v.nullable(Id),
  topicId: v.nullable(Id),
  author: v.pipe(v.string(), v.trim(), v.maxLength(80))
});

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
