/**
 * The largest board an import accepts: a board export (server/outputs/exports/json.ts format) with as
 * many cards as LIMIT_MAX_IMPORT_CARDS allows, polls, and votes and ballots up to the
 * LIMIT_MAX_IMPORT_VOTES cap or until the document reaches LIMIT_MAX_IMPORT_BYTES, whichever
 * comes first. Shared by the hostile-import bench and the hostile tests.
 */
import { DEFAULT_LIMITS } from '../../server/app/limits.js';
import { bigBoardExport } from './pdf-export.js';

export interface BoardCaps {
  maxImportBytes: number;
  maxImportCards: number;
  maxImportVotes: number;
  maxImportPolls: number;
}

export const DEFAULT_CAPS: BoardCaps = {
  maxImportBytes: DEFAULT_LIMITS.maxImportBytes,
  maxImportCards: DEFAULT_LIMITS.maxImportCards,
  maxImportVotes: DEFAULT_LIMITS.maxImportVotes,
  maxImportPolls: DEFAULT_LIMITS.maxImportPolls
};

const POLLS = 10;

/** The board and its size in bytes as JSON. */
export function largestBoard(caps: BoardCaps = DEFAULT_CAPS): { board: Record<string, unknown>; bytes: number; cards: number; votes: number } {
  const board = bigBoardExport(caps.maxImportCards);
  const cards = board.cards as Array<{ id: string }>;
  const votes = board.votes as Array<{ cardId: string; voterKey: string; at: number }>;
  const polls = Array.from({ length: Math.min(POLLS, caps.maxImportPolls) }, (_, i) => ({
    id: `poll${i}`,
    question: `Anketa ${i + 1}: co je nejnaléhavější?`,
    multiple: i % 2 === 1,
    options: Array.from({ length: 4 }, (_, o) => ({ id: `o${o}`, text: `Možnost ${o + 1}`, cardId: null })),
    open: i === 0,
    createdAt: 1_700_000_000_000 + i,
    closedAt: i === 0 ? null : 1_700_000_500_000 + i
  }));
  const pollVotes: Array<{ pollId: string; voterKey: string; optionIds: string[] }> = [];
  board.polls = polls;
  board.pollVotes = pollVotes;
  let size = Buffer.byteLength(JSON.stringify(board));
  let count = votes.length;
  /** Adds the item while the document stays under the byte limit and the votes under their cap. */
  const fits = (item: object): boolean => {
    const more = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (size + more > caps.maxImportBytes - 256 || count >= caps.maxImportVotes) return false;
    size += more;
    count += 1;
    return true;
  };
  // A hall of 1,500 phones: each answers every poll, then votes on cards across the board.
  fill: for (let v = 0; v < 1500; v++)
    for (const poll of polls) {
      const ballot = { pollId: poll.id, voterKey: `phone${v}`, optionIds: [`o${v % 4}`] };
      if (!fits(ballot)) break fill;
      pollVotes.push(ballot);
    }
  for (let v = 0; ; v++) {
    const vote = { cardId: cards[(v * 7919) % cards.length].id, voterKey: `phone${v % 1500}x${Math.floor(v / cards.length)}`, at: 1_700_000_200_000 + v };
    if (!fits(vote)) break;
    votes.push(vote);
  }
  const bytes = Buffer.byteLength(JSON.stringify(board));
  return { board, bytes, cards: cards.length, votes: votes.length + pollVotes.length };
}
