/**
 * The projector on every beamer (issue 17), in real Chromium against the built server. One
 * page stays loaded; the board grows from 6 to 20, 60 and 300 demo cards, and for each the
 * viewport (1024×768 … 3840×2160) and the moderator's mode and style change over the document.
 * Every mode (board, topic, organization, top voted, matrix, questions, spotlight, poll) is seen at every
 * size and card count; theme (light, dark), text size (normal, large) and language (Czech,
 * bilingual) and density (auto, compact, comfortable) rotate through the cases so each size meets each of them. For every visible card:
 *   G1  the text is whole: nothing clipped (by the card or its column), no ellipsis, nothing
 *       outside the screen;
 *   G2  no word is split across lines (each word's line boxes, from a DOM Range);
 *   G3  the card text is at or above the floor, 2.6 % of the screen height;
 *   G4  the page does not scroll;
 *   G5  from 1366×768 up, a board of 20 cards fits on one page (normal text), and a bigger board
 *       shows 20 cards a page on average.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectorStyle } from '../../src/lib/board/types.js';
import { launchBrowser } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import { geometryCheck, type Geometry } from '../../support/projector-geometry.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';
import { waitFor } from '../../support/wait.js';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  // A display stood on its side (a totem in the foyer).
  { width: 1080, height: 1920 }
];
const COUNTS = [6, 20, 60, 300];
const MODES = ['board', 'topic', 'org', 'top', 'matrix', 'questions', 'spotlight', 'poll'] as const;
type Mode = (typeof MODES)[number];
/** The styles cycle with the case number, so every size and mode meets each of them. */
const STYLES: Array<Pick<ProjectorStyle, 'projectorTheme' | 'projectorLargeText' | 'projectorLang' | 'projectorDensity'>> = [
  { projectorTheme: 'light', projectorLargeText: false, projectorLang: 'cs', projectorDensity: 'auto' },
  { projectorTheme: 'dark', projectorLargeText: true, projectorLang: 'both', projectorDensity: 'compact' },
  { projectorTheme: 'dark', projectorLargeText: false, projectorLang: 'both', projectorDensity: 'comfortable' },
  { projectorTheme: 'light', projectorLargeText: true, projectorLang: 'cs', projectorDensity: 'auto' }
];

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
let page: Page;
let pollId = '';
const started = Date.now();

// Seeding posts hundreds of cards from one connection in a second.
const SEEDING = { env: { LIMIT_YJS_MESSAGES_PER_SECOND: '100000', LIMIT_ACTIONS_PER_SECOND: '1000' } };

beforeAll(async () => {
  server = await startServerProcess(SEEDING);
  browser = await launchBrowser();
  // Three of the six are questions from the hall, upvoted, so the questions mode has cards to show.
  demo = await createDemoBoard({ url: server.url, lang: 'cs', cards: 3, voters: 3 });
  await demo.addQuestions(3, [2, 1, 0]);
  const ids = demo.cardIds;
  await demo.moderate('card:cluster', { cardIds: [ids[0], ids[1]], title: 'Jazyk ve škole i pro dospělé' });
  await demo.moderate('poll:create', {
    question: 'Co má město řešit jako první?',
    multiple: false,
    options: [
      { text: 'Kurzy češtiny pro dospělé', cardId: null },
      { text: 'Tlumočníci na úřadech', cardId: null }
    ]
  });
  await waitFor(() => demo.state().polls.length > 0, 'the poll in the document');
  pollId = demo.state().polls[0].id;
  await demo.moderate('poll:show', { pollId: null });
  const context = await browser.newContext({ viewport: SIZES[0], locale: 'cs-CZ', reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(demo.links.projector);
  await page.getByTestId('projector').waitFor();
});

afterAll(async () => {
  console.log(`projector geometry: ${Math.round((Date.now() - started) / 1000)} s`);
  demo?.close();
  await browser?.close();
  await server?.stop();
  await server?.cleanup();
});

/** Puts the projector in `mode` through the moderator's actions. */
async function show(mode: Mode): Promise<void> {
  const s = demo.state();
  const card = s.cards.find((c) => !c.hidden)!;
  if (mode !== 'spotlight') await demo.moderate('card:spotlight', { cardId: null });
  if (mode !== 'poll') await demo.moderate('poll:show', { pollId: null });
  if (mode === 'spotlight') return demo.moderate('card:spotlight', { cardId: card.id });
  if (mode === 'poll') return demo.moderate('poll:show', { pollId });
  const view = mode === 'topic' ? { mode, topicId: card.topicId! } : mode === 'org' ? { mode, orgId: card.orgId! } : mode === 'top' ? { mode, limit: 10 } : { mode };
  await demo.moderate('board:projector', view);
}

/** Waits until the projector shows this mode and style at this size, with its layout settled. */
async function settled(mode: Mode, style: (typeof STYLES)[number]): Promise<void> {
  await page.waitForFunction(
    ({ mode, style }) => {
      const root = document.querySelector<HTMLElement>('[data-testid=projector]');
      if (!root || root.dataset.theme !== style.projectorTheme || root.dataset.lang !== style.projectorLang || root.dataset.density !== style.projectorDensity) return false;
      if (root.classList.contains('large-text') !== style.projectorLargeText) return false;
      const want = mode === 'spotlight' ? 'spotlight-overlay' : mode === 'poll' ? 'projector-poll' : mode === 'matrix' ? 'projector-matrix' : 'projector-pager';
      if (!document.querySelector(`[data-testid=${want}]`)) return false;
      if (mode !== 'spotlight' && mode !== 'poll' && root.dataset.mode !== mode) return false;
      const pager = document.querySelector<HTMLElement>('[data-testid=projector-pager]');
      return !pager || pager.dataset.settled === 'true';
    },
    { mode, style },
    { timeout: 30_000, polling: 50 }
  );
  // Two frames: the fitted type of the title, matrix, poll or spotlight is set in a frame.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('the projector on every beamer', () => {
  let n = 0;
  for (const count of COUNTS) {
    it(`${count} cards: whole text, no split word, type above the floor, no scroll, at every size and mode`, { timeout: 300_000 }, async () => {
      if (demo.cardIds.length < count) await demo.addCards(count - demo.cardIds.length);
      const failures: string[] = [];
      for (const size of SIZES) {
        await page.setViewportSize(size);
        // The board at normal text is always seen from 1366×768 up (G5), whatever the rotation gives.
        const cases = MODES.map((mode) => ({ mode, style: STYLES[n++ % STYLES.length] }));
        const board = cases[0].style;
        if (size.width >= 1366 && (board.projectorLargeText || board.projectorDensity !== 'auto'))
          cases.push({ mode: 'board', style: { ...board, projectorLargeText: false, projectorDensity: 'auto' } });
        for (const { mode, style } of cases) {
          await demo.moderate('board:projector-style', style);
          await show(mode);
          await settled(mode, style);
          const g = (await page.evaluate(geometryCheck(0.026))) as Geometry;
          const label = `${count} cards ${size.width}×${size.height} ${mode} ${style.projectorTheme} ${style.projectorLargeText ? 'large' : 'normal'} ${style.projectorLang} ${style.projectorDensity}`;
          for (const p of g.problems) failures.push(`${label}: ${p}`);
          if (mode !== 'matrix' && mode !== 'poll' && g.cards === 0) failures.push(`${label}: no card shown`);
          const fitsTwenty = mode === 'board' && !style.projectorLargeText && style.projectorDensity === 'auto' && size.width >= 1366;
          // A board of 20 fits on one page; a bigger one shows 20 a page on average over its rhythm.
          const perPage = count / g.pages;
          if (fitsTwenty && (count <= 20 ? g.pages !== 1 || g.cards !== count : perPage < 20)) failures.push(`${label}: ${perPage.toFixed(1)} cards a page, want 20`);
          if (mode === 'board')
            console.log(
              `${label}: ${perPage.toFixed(1)} cards a page on average (fewest ${g.pages === 1 ? g.cards : g.pageCards}), ${g.pages} pages, ${g.columns} columns, type ${g.font} px`
            );
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
