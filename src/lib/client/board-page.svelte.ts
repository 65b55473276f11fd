/**
 * Everything a live board page holds: the document connection, the action socket, arrivals,
 * a flash message and this device's identity. Pages create one and destroy it on leave.
 */
import { isAuthor, mayEditCard } from '$lib/board/editing.js';
import { hasUpvoted } from '$lib/board/question-list.js';
import { hasVoted, visibleCards } from '$lib/board/selectors.js';
import type { BoardState, Card } from '$lib/board/types.js';
import { i18n } from '$lib/i18n/index.js';
import type { BoardSession } from '$lib/protocol/api.js';
import type { ActionMap, ActionName } from '$lib/protocol/events.js';
import { can } from '$lib/roles/index.js';
import { ActionClient, type RunResult } from './action-client.svelte.js';
import { CardArrivals } from './arrivals.svelte.js';
import { BoardConnection } from './board-connection.svelte.js';
import { ensureDevice, forgetDevice, identityFor, type Identity } from './device.js';
import { Flash } from './flash.svelte.js';
import { StaleVersions } from './stale-versions.svelte.js';
import type { ConnectionStatus } from './connection-status.js';
import { CloseCode } from '$lib/protocol/close-codes.js';

const RENEWED_AT = 'panel-board:device-renewed-at';

/**
 * The server no longer accepts this device's identity (its secret changed): get a new one and
 * reload, so every connection and the page's own keys use it. At most once a minute, so a
 * misconfigured deployment cannot make the page reload forever.
 */
async function renewDevice(): Promise<void> {
  try {
    const last = Number(sessionStorage.getItem(RENEWED_AT));
    if (Date.now() - last < 60_000) return;
    sessionStorage.setItem(RENEWED_AT, String(Date.now()));
  } catch {
    return;
  }
  forgetDevice();
  await ensureDevice();
  location.reload();
}

export interface BoardPageOptions {
  session: BoardSession;
  token: string;
}

export class BoardPage {
  readonly session: BoardSession;
  readonly identity: Identity;
  readonly connection: BoardConnection;
  readonly actions: ActionClient;
  readonly arrivals = new CardArrivals();
  readonly flash = new Flash();
  /** This device's versions of cards the moderator changed while it was offline (W10). */
  readonly staleVersions: StaleVersions;
  #pendingVotes = $state.raw<ReadonlySet<string>>(new Set());
  #pendingUpvotes = $state.raw<ReadonlySet<string>>(new Set());

  constructor({ session, token }: BoardPageOptions) {
    this.session = session;
    const boardId = session.board.id;
    this.identity = identityFor(boardId);
    const staleVersions = new StaleVersions(boardId, this.identity.participantKey);
    this.staleVersions = staleVersions;
    this.connection = new BoardConnection({
      onStale: (versions) => staleVersions.keep(versions),
      boardId,
      token,
      deviceId: this.identity.deviceId,
      role: session.role,
      persist: can(session.role, 'board:write')
    });
    this.actions = new ActionClient({ token, boardId, deviceId: this.identity.deviceId, onDeviceRefused: () => void renewDevice() });
  }

  /** The document connection's status, turned fatal early when the server announces a revoked link. */
  get status(): ConnectionStatus {
    if (this.actions.notice?.reason === 'token-revoked') return { kind: 'fatal', reason: 'revoked', code: CloseCode.TokenRevoked };
    if (this.actions.notice?.reason === 'event-deleted') return { kind: 'fatal', reason: 'deleted', code: CloseCode.EventDeleted };
    return this.connection.status;
  }

  get board(): BoardState | null {
    return this.connection.board;
  }

  /** Call from a component effect: records which visible cards exist now. */
  trackArrivals(): void {
    const board = this.connection.board;
    if (board && this.connection.loaded) this.arrivals.observe(visibleCards(board).map((c) => c.id));
  }

  /** Whether this device wrote the card. */
  mine(card: Card): boolean {
    return isAuthor(card, this.identity.participantKey);
  }

  /** Whether this page may edit (and move) the card: the same rule as the server's write policy (W2). */
  mayEdit(card: Card): boolean {
    return mayEditCard({ role: this.session.role, participantKey: this.identity.participantKey }, card);
  }

  voted(cardId: string): boolean {
    const board = this.connection.board;
    return board ? hasVoted(board, cardId, this.identity.voterKey) : false;
  }

  /** Dot votes this device has cast on the board. */
  get votesCast(): number {
    const board = this.connection.board;
    if (!board) return 0;
    let cast = 0;
    for (const voters of board.votes.values()) if (voters.has(this.identity.voterKey)) cast += 1;
    return cast;
  }

  /** Dot votes left, or null when the board's budget is unlimited. */
  get votesLeft(): number | null {
    const budget = this.connection.board?.meta.voteBudget ?? null;
    return budget === null ? null : Math.max(0, budget - this.votesCast);
  }

  votePending(cardId: string): boolean {
    return this.#pendingVotes.has(cardId);
  }

  async toggleVote(cardId: string): Promise<void> {
    if (this.#pendingVotes.has(cardId)) return;
    this.#pendingVotes = new Set([...this.#pendingVotes, cardId]);
    const res = await this.actions.run('vote:toggle', { cardId });
    const next = new Set(this.#pendingVotes);
    next.delete(cardId);
    this.#pendingVotes = next;
    if (!res.ok) this.flash.show(i18n.t('vote.failed', { message: i18n.error(res.reason, res.message) }), 'error');
  }

  upvoted(cardId: string): boolean {
    const board = this.connection.board;
    return board ? hasUpvoted(board, cardId, this.identity.voterKey) : false;
  }

  upvotePending(cardId: string): boolean {
    return this.#pendingUpvotes.has(cardId);
  }

  /** Upvotes a question, or takes the upvote back (Q&A: one per device, no budget). */
  async toggleUpvote(cardId: string): Promise<void> {
    if (this.#pendingUpvotes.has(cardId)) return;
    this.#pendingUpvotes = new Set([...this.#pendingUpvotes, cardId]);
    const res = await this.actions.run('question:upvote', { cardId });
    const next = new Set(this.#pendingUpvotes);
    next.delete(cardId);
    this.#pendingUpvotes = next;
    if (!res.ok) this.flash.show(i18n.t('qa.upvote.failed', { message: i18n.error(res.reason, res.message) }), 'error');
  }

  /**
   * Writes this device's kept version of a card over the moderator's: a fresh edit that has
   * seen the moderator's value, so the server takes it (unless the card is hidden or the board
   * locked, which the caller checks first).
   */
  resubmitStale(cardId: string): boolean {
    const version = this.staleVersions.get(cardId);
    if (!version) return false;
    const res = this.connection.editCard(cardId, { text: version.text, kind: version.kind });
    if (!res.ok) {
      this.flash.show(i18n.error(res.reason, res.message), 'error');
      return false;
    }
    this.staleVersions.forget(cardId);
    this.flash.show(i18n.t('stale.resubmitted'));
    return true;
  }

  /** Runs a moderated action and reports a failure in the flash region. */
  async run<K extends ActionName>(action: K, payload: ActionMap[K]['payload']): Promise<RunResult<K>> {
    const res = await this.actions.run(action, payload);
    if (!res.ok) this.flash.show(i18n.t('mod.actionFailed', { message: i18n.error(res.reason, res.message) }), 'error');
    return res;
  }

  destroy(): void {
    this.connection.destroy();
    this.actions.destroy();
    this.arrivals.destroy();
    this.flash.destroy();
  }
}
