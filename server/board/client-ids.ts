/**
 * Who may write under which Yjs client id. Yjs clocks are contiguous per client id, so whoever
 * writes (or is refused, and gets placeholders) at a client's next clock takes those clocks from
 * the real owner: the owner's own updates there are then dropped as duplicates. So a client id
 * belongs to the participant that first used it on the board, and an update that extends
 * someone else's is refused whole, with no side effects (see docs/protocol.md, W8).
 *
 * Ownership is kept per board and outlives the board's unloading; it is bounded (the oldest
 * boards, and the oldest entries of a full board, are forgotten first). A client id already in
 * a board's document and not known here (after a restart) belongs to the author of the card
 * entries it wrote, if any; otherwise the first participant to extend it claims it.
 */
import * as Y from 'yjs';
import { recordedOwner } from '../../src/lib/board/authority.js';
import { cardsMap } from '../../src/lib/board/layout.js';
import type { ClaimedRange } from '../sync/update-scan.js';

/** The owner of the server's own client ids (actions, projection). */
export const SERVER_OWNER = '\u0000server';

export interface ClientIdOwnersOptions {
  /** Boards remembered; past it the least recently used board is forgotten. */
  maxBoards?: number;
  /** Client ids remembered per board; past it the oldest are forgotten. */
  maxPerBoard?: number;
  /** Client ids one participant may own on a board; claims beyond it are refused. */
  maxPerParticipant?: number;
}

export type ClaimVerdict = { ok: true; claimed: number[] } | { ok: false; detail: string };

export interface ClientIdOwners {
  /**
   * Checks the client ids an update writes beyond the document's state (`claims`, from
   * `scanUpdate`) against their owners. Records nothing: call `record` once something of the
   * update is applied.
   */
  check(boardId: string, doc: Y.Doc, participantKey: string, claims: ReadonlyMap<number, ClaimedRange>): ClaimVerdict;
  record(boardId: string, participantKey: string, clients: readonly number[]): void;
}

interface BoardOwners {
  owners: Map<number, string>;
  perParticipant: Map<string, number>;
  /** Client id → authorKey of the card entries it inserted; built on first need. */
  authors: Map<number, string> | null;
}

function cardAuthors(doc: Y.Doc): Map<number, string> {
  const authors = new Map<number, string>();
  for (const entry of cardsMap(doc).values()) {
    const author = entry.get('authorKey');
    if (entry._item && typeof author === 'string') authors.set(entry._item.id.client, author);
  }
  return authors;
}

export function createClientIdOwners(options: ClientIdOwnersOptions = {}): ClientIdOwners {
  const { maxBoards = 2_000, maxPerBoard = 20_000, maxPerParticipant = 64 } = options;
  const boards = new Map<string, BoardOwners>();

  const boardOf = (boardId: string): BoardOwners => {
    let board = boards.get(boardId);
    if (board) boards.delete(boardId);
    else board = { owners: new Map(), perParticipant: new Map(), authors: null };
    boards.set(boardId, board);
    for (const oldest of boards.keys()) {
      if (boards.size <= maxBoards) break;
      boards.delete(oldest);
    }
    return board;
  };

  /** The owner of a client id, or null when nobody holds it yet. */
  const ownerOf = (board: BoardOwners, doc: Y.Doc, client: number): string | null => {
    if (client === doc.clientID) return SERVER_OWNER;
    const known = board.owners.get(client);
    if (known !== undefined) return known;
    // Recorded in the document (W10's authority record): the server's, or a moderator's.
    const recorded = recordedOwner(doc, client);
    if (recorded) return recorded.kind === 'server' ? SERVER_OWNER : recorded.participantKey;
    if (Y.getState(doc.store, client) === 0) return null;
    board.authors ??= cardAuthors(doc);
    return board.authors.get(client) ?? null;
  };

  return {
    check(boardId, doc, participantKey, claims) {
      const board = boardOf(boardId);
      const claimed: number[] = [];
      for (const [client, range] of claims) {
        if (range.end <= Y.getState(doc.store, client)) continue; // nothing new of this client
        const owner = ownerOf(board, doc, client);
        if (owner !== null && owner !== participantKey) return { ok: false, detail: `client id ${client} belongs to another participant` };
        if (board.owners.get(client) !== participantKey) claimed.push(client);
      }
      const owned = board.perParticipant.get(participantKey) ?? 0;
      if (owned + claimed.length > maxPerParticipant) return { ok: false, detail: `more than ${maxPerParticipant} client ids for one participant` };
      return { ok: true, claimed };
    },
    record(boardId, participantKey, clients) {
      const board = boardOf(boardId);
      for (const client of clients) {
        if (board.owners.get(client) === participantKey) continue;
        board.owners.set(client, participantKey);
        board.perParticipant.set(participantKey, (board.perParticipant.get(participantKey) ?? 0) + 1);
      }
      for (const [client, owner] of board.owners) {
        if (board.owners.size <= maxPerBoard) break;
        board.owners.delete(client);
        const left = (board.perParticipant.get(owner) ?? 1) - 1;
        if (left > 0) board.perParticipant.set(owner, left);
        else board.perParticipant.delete(owner);
      }
    }
  };
}
