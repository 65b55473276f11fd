/**
 * The one message the server adds to the y-websocket protocol on /yjs: a notice to one writer.
 * Message type 100 (y-protocols use 0–3), then a varString of JSON:
 *   { "kind": "stale", "cards": [cardId, ...] }
 * sent when rule W10 stripped values of those cards from the writer's update: someone of higher
 * standing (the moderator, a redaction) had changed them since the writer last saw them, so the
 * writer's copy now differs from the server's (docs/protocol.md §4). Our client registers a
 * handler for it on its provider; standard clients log and ignore an unknown message type.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const NOTICE_MESSAGE = 100;

/** Cards per notice at most (a long list is cut: the writer resyncs whole anyway). */
export const MAX_NOTICE_CARDS = 500;

export type YjsNotice = { kind: 'stale'; cards: string[] };

export function encodeNotice(notice: YjsNotice): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, NOTICE_MESSAGE);
  encoding.writeVarString(e, JSON.stringify({ kind: notice.kind, cards: notice.cards.slice(0, MAX_NOTICE_CARDS) }));
  return encoding.toUint8Array(e);
}

/** Reads a notice's body (after its message type); null when it is not one we know. */
export function readNotice(decoder: decoding.Decoder): YjsNotice | null {
  try {
    const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { kind, cards } = parsed as { kind?: unknown; cards?: unknown };
    if (kind !== 'stale' || !Array.isArray(cards)) return null;
    return { kind, cards: cards.filter((c): c is string => typeof c === 'string').slice(0, MAX_NOTICE_CARDS) };
  } catch {
    return null;
  }
}
