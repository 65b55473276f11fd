/**
 * The one message the server adds to the y-websocket protocol on /yjs: a notice to one writer.
 * Message type 100 (y-protocols use 0–3), then a varString of JSON:
 *   { "kind": "stale", "cards": [cardId, ...], "values": { cardId: { "text"?: string, "kind"?: string } } }
 * sent when rule W10 stripped values of those cards from the writer's update: someone of higher
 * standing (the moderator, a redaction) had changed them since the writer last saw them, so the
 * writer's copy now differs from the server's (docs/protocol.md §4). `values` hands the writer
 * back her own stripped text and kind, so she keeps her version whatever her copy shows by the
 * time the notice arrives (the server's value may have reached it first); the server keeps none. Our client registers a
 * handler for it on its provider; standard clients log and ignore an unknown message type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const NOTICE_MESSAGE = 100;

/** Cards per notice at most (a long list is cut: the writer resyncs whole anyway). */
export const MAX_NOTICE_CARDS = 500;

/** A field's value is a card's text or kind, so never longer than this (a longer one is dropped). */
const MAX_VALUE_LENGTH = 20_000;

export type StaleValues = Readonly<Record<string, { text?: string; kind?: string }>>;

export type YjsNotice = { kind: 'stale'; cards: string[]; values: StaleValues };

export function encodeNotice(notice: YjsNotice): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, NOTICE_MESSAGE);
  const cards = notice.cards.slice(0, MAX_NOTICE_CARDS);
  const values = Object.fromEntries(cards.filter((id) => Object.hasOwn(notice.values, id)).map((id) => [id, notice.values[id]]));
  encoding.writeVarString(e, JSON.stringify({ kind: notice.kind, cards, values }));
  return encoding.toUint8Array(e);
}

/** Reads a notice's body (after its message type); null when it is not one we know. */
export function readNotice(decoder: decoding.Decoder): YjsNotice | null {
  try {
    const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { kind, cards, values } = parsed as { kind?: unknown; cards?: unknown; values?: unknown };
    if (kind !== 'stale' || !Array.isArray(cards)) return null;
    const ids = cards.filter((c): c is string => typeof c === 'string').slice(0, MAX_NOTICE_CARDS);
    return { kind, cards: ids, values: readValues(values, ids) };
  } catch {
    return null;
  }
}

const field = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= MAX_VALUE_LENGTH ? v : undefined);

/** The values of the listed cards that are well-formed; anything else is left out. */
function readValues(values: unknown, ids: readonly string[]): StaleValues {
  if (typeof values !== 'object' || values === null) return {};
  const out: Record<string, { text?: string; kind?: string }> = {};
  for (const id of ids) {
    const v: unknown = Object.hasOwn(values, id) ? (values as Record<string, unknown>)[id] : undefined;
    if (typeof v !== 'object' || v === null) continue;
    const { text, kind } = v as { text?: unknown; kind?: unknown };
    out[id] = { text: field(text), kind: field(kind) };
  }
  return out;
}
