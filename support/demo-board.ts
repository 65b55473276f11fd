/**
 * A realistic demo board for screenshots and browser checks: an event created through the API,
 * cards from INTEGRATION_EXAMPLES written by a y-websocket client (as a panelist's browser
 * would), and audience votes cast through socket.io.
 */
import { addCard, INTEGRATION_EXAMPLES, LOCAL, participantKey, readBoard, type TemplateLang } from '../src/lib/board/index.js';
import type { ActionName } from '../src/lib/protocol/events.js';
import { call, connectAs, type TestSocket } from './socket-client.js';
import type { CreateEventResponse } from '../src/lib/protocol/api.js';
import { QUESTION_EXAMPLES } from './demo-questions.js';
import { waitFor } from './wait.js';
import { openProvider, type ProviderClient } from './yjs-clients.js';

const AUTHORS = ['Jana Nováková', 'Petr Svoboda', 'Amira Haddad', 'Tomáš Dvořák', 'Olena Kovalenko', ''];

type Token = 'moderator' | 'panelist' | 'audience' | 'projector';

export interface DemoEvent {
  response: CreateEventResponse;
  boardId: string;
  tokens: Record<Token, string>;
}

/** Creates an event through the HTTP API, as the home page does. */
export async function createEvent(url: string, body: Record<string, unknown>): Promise<DemoEvent> {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date: '2026-11-27', template: 'integration', ...body })
  });
  if (res.status !== 201) throw new Error(`create event failed: ${res.status} ${await res.text()}`);
  const response = (await res.json()) as CreateEventResponse;
  const boardId = response.boards[0].id;
  const links = response.links[boardId];
  const token = (role: Token): string => new URL(links[role]).searchParams.get('t') ?? '';
  return { response, boardId, tokens: { moderator: token('moderator'), panelist: token('panelist'), audience: token('audience'), projector: token('projector') } };
}

export interface DemoBoard {
  event: DemoEvent;
  /** Role links of the main board. */
  links: Record<Token, string>;
  cardIds: string[];
  /** Runs a moderator action and throws when the server refuses it. */
  moderate(action: ActionName, payload: unknown): Promise<void>;
  /** The board as the moderator's client sees it (topic and organization ids, cards). */
  state(): ReturnType<typeof readBoard>;
  /** Adds `count` more cards (cycling the examples), e.g. to show a 300-card board. */
  addCards(count: number): Promise<void>;
  /** Adds `count` questions (cycling QUESTION_EXAMPLES), upvoted by audience devices as `upvotes[i]` says. */
  addQuestions(count: number, upvotes?: readonly number[]): Promise<string[]>;
  close(): void;
}

export interface DemoBoardOptions {
  url: string;
  lang?: TemplateLang;
  title?: string;
  /** Examples to post (all by default). */
  cards?: number;
  /** How many audience devices vote (each on a different subset). */
  voters?: number;
}

export async function createDemoBoard(options: DemoBoardOptions): Promise<DemoBoard> {
  const lang = options.lang ?? 'cs';
  const wsUrl = options.url.replace(/^http/, 'ws');
  const event = await createEvent(options.url, {
    title: options.title ?? (lang === 'cs' ? 'Výzvy integrace 2026' : 'Challenges of Integration 2026'),
    place: lang === 'cs' ? 'Nová radnice, Praha' : 'New City Hall, Prague',
    lang
  });
  const links = event.response.links[event.boardId] as DemoBoard['links'];
  const writer: ProviderClient = await openProvider(wsUrl, event.boardId, event.tokens.moderator);
  const mod: TestSocket = await connectAs(options.url, event.boardId, event.tokens.moderator);
  const cardIds: string[] = [];
  let posted = 0;

  function post(example?: (typeof INTEGRATION_EXAMPLES)[number]): string {
    const state = readBoard(writer.doc);
    const [kind, org, topic, cs, en] = example ?? INTEGRATION_EXAMPLES[posted % INTEGRATION_EXAMPLES.length];
    const id = addCard(
      writer.doc,
      {
        kind,
        text: lang === 'cs' ? cs : en,
        orgId: state.orgs[org % Math.max(1, state.orgs.length)]?.id ?? null,
        author: AUTHORS[posted % AUTHORS.length],
        authorKey: participantKey(event.boardId, writer.deviceId),
        topicId: state.topics[topic % Math.max(1, state.topics.length)]?.id ?? null
      },
      LOCAL
    );
    posted += 1;
    cardIds.push(id);
    return id;
  }

  async function addCards(count: number): Promise<void> {
    for (let i = 0; i < count; i++) post();
    // The server has them once a fresh reader sees them.
    const reader = await openProvider(wsUrl, event.boardId, event.tokens.moderator);
    const written = (ids: Set<string>) => cardIds.every((id) => ids.has(id));
    await waitFor(() => written(new Set(readBoard(reader.doc).cards.map((c) => c.id))), 'demo cards on the server', 20_000);
    reader.destroy();
  }

  async function addQuestions(count: number, upvotes: readonly number[] = []): Promise<string[]> {
    const ids = Array.from({ length: count }, (_, i) => post(QUESTION_EXAMPLES[i % QUESTION_EXAMPLES.length]));
    await addCards(0);
    const devices = await Promise.all(Array.from({ length: Math.max(0, ...upvotes) }, () => connectAs(options.url, event.boardId, event.tokens.audience)));
    for (const [i, n] of upvotes.entries()) for (const socket of devices.slice(0, n)) if (ids[i]) await call(socket, 'question:upvote', { cardId: ids[i] });
    for (const socket of devices) socket.close();
    return ids;
  }

  await addCards(options.cards ?? INTEGRATION_EXAMPLES.length);

  const voters = options.voters ?? 9;
  // Demo voters spread their votes widely: lift the board's dot budget (5 by default) first.
  const unlimited = await call(mod, 'board:settings', { voteBudget: null });
  if (!unlimited.ok) throw new Error(`board:settings refused: ${JSON.stringify(unlimited)}`);
  for (let v = 0; v < voters; v++) {
    const socket = await connectAs(options.url, event.boardId, event.tokens.audience);
    for (let i = 0; i < cardIds.length; i++) if ((i * 7 + v * 3) % 11 < 11 - (i % 8)) await call(socket, 'vote:toggle', { cardId: cardIds[i] });
    socket.close();
  }

  return {
    event,
    links,
    cardIds,
    addCards,
    addQuestions,
    state: () => readBoard(writer.doc),
    async moderate(action, payload) {
      const ack = await call(mod, action, payload);
      if (!ack.ok) throw new Error(`${action} refused: ${JSON.stringify(ack)}`);
    },
    close() {
      mod.close();
      writer.destroy();
    }
  };
}
