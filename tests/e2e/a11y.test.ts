/**
 * Accessibility, in real Chromium against the built server:
 *   A1  axe-core finds no serious or critical WCAG 2.x A/AA violation on any page (home,
 *       moderator, panelist, audience with its forms and submissions open, joining by code,
 *       every projector mode and theme, large text, bilingual, the outputs page when it
 *       exists), in Czech, English, Ukrainian and Vietnamese, with `<html lang>` right;
 *   A2  posting, editing, moving a card between topics, voting, deciding the audience queue
 *       (approve, reject with a reason), hiding and spotlighting work with the keyboard alone,
 *       and the focus never falls back to the page after an action;
 *   A3  switching the language keeps a half-typed card and does not reload the page;
 *   A4  at 200 % text size the phone and laptop layouts still fit their width;
 *   A5  with reduced motion, arriving cards do not animate; arrivals are announced politely.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ProjectorStyle, ProjectorView } from '../../src/lib/board/types.js';
import { VIEWPORTS } from '../../support/browser.js';
import { createDemoBoard, type DemoBoard } from '../../support/demo-board.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { browserTest } from '../fixtures.js';

const LOCALES = { cs: 'cs-CZ', en: 'en-US', uk: 'uk-UA', vi: 'vi-VN' } as const;
type Lang = keyof typeof LOCALES;
type Viewport = { width: number; height: number };

let browser: Browser;
let server: ServerProcess;
let demo: DemoBoard;
const contexts: BrowserContext[] = [];

async function open(url: string, lang: Lang, viewport: Viewport, options: { reducedMotion?: 'reduce' } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: LOCALES[lang], ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

/** Serious and critical violations only, each with the elements it names. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Judge the settled page: a fade-in caught halfway has a contrast no one reads it at.
  await page.waitForFunction(
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
    undefined,
    { timeout: 10_000 }
  );
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Where the keyboard focus is: a test id and the card it sits in, or 'body' when it was lost. */
const focusedAt = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.getAttribute('data-testid') ?? el.tagName.toLowerCase()} in ${el.closest('[data-card-id]')?.getAttribute('data-card-id') ?? '-'}`;
  });

const projectorMode = (page: Page, mode: string) => page.locator(`[data-testid=projector][data-mode=${mode}]`).waitFor();

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  demo = await createDemoBoard({ url: server.url, lang: 'cs', voters: 3 });
  await demo.moderate('board:timer', { op: 'set', label: 'Kolo 1', durationMs: 10 * 60_000 });
});

// Each test's pages close after it, so live projectors do not pile up.
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(async () => {
  demo?.close();
});

describe('A1 axe-core: no serious or critical violations', () => {
  describe.each(Object.keys(LOCALES) as Lang[])('in %s', (lang) => {
    it('home page', async () => {
      const page = await open(server.url + '/', lang, VIEWPORTS.laptop);
      await page.getByTestId('create-form').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it.each([
      ['moderator', 'laptop'],
      ['panelist', 'laptop'],
      ['audience', 'phone']
    ] as const)('%s page (%s)', async (role, viewport) => {
      const page = await open(demo.links[role], lang, VIEWPORTS[viewport]);
      await page.getByTestId('card').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('audience page with who-you-appear-as, the submit form and a submission open (phone)', async () => {
      const page = await open(demo.links.audience, lang, VIEWPORTS.phone);
      await page.getByTestId('card').first().waitFor();
      await page.getByTestId('me-change').click();
      await page.getByTestId('submit-open').click();
      await page.getByTestId('submit-text').fill('Příliš žluťoučký kůň úpěl ďábelské ódy?');
      await page.getByTestId('submit-button').click();
      await page.getByTestId('submission').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('join page with an unknown code (phone)', async () => {
      const page = await open(`${server.url}/join/ZZZZZZ`, lang, VIEWPORTS.phone);
      await page.getByTestId('join-error').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    it.each(['light', 'dark', 'contrast'] as const)(
      'projector in the %s theme: every mode and the spotlight',
      async (theme) => {
        const page = await open(demo.links.projector, lang, VIEWPORTS.projector);
        await page.getByTestId('card').first().waitFor();
        await demo.moderate('board:projector-style', { projectorTheme: theme, projectorLargeText: false, projectorLang: 'auto', projectorDensity: 'auto' });
        await page.locator(`[data-testid=projector][data-theme=${theme}]`).waitFor();
        const { topics, orgs } = demo.state();
        const views: ProjectorView[] = [
          { mode: 'topic', topicId: topics[0].id },
          { mode: 'org', orgId: orgs[0].id },
          { mode: 'top', limit: 5 },
          { mode: 'matrix' },
          { mode: 'board' }
        ];
        for (const view of views) {
          await demo.moderate('board:projector', view);
          await projectorMode(page, view.mode);
          expect([view.mode, await seriousViolations(page)]).toEqual([view.mode, []]);
        }
        await demo.moderate('card:spotlight', { cardId: demo.cardIds[0] });
        await page.getByTestId('spotlight-overlay').waitFor();
        expect(['spotlight', await seriousViolations(page)]).toEqual(['spotlight', []]);
        await demo.moderate('card:spotlight', { cardId: null });
        await page.getByTestId('spotlight-overlay').waitFor({ state: 'detached' });
      },
      180_000
    );

    it('projector with large text, in both languages, and compact', async () => {
      const page = await open(demo.links.projector, lang, VIEWPORTS.projector);
      await page.getByTestId('card').first().waitFor();
      const styles: [Partial<ProjectorStyle>, string][] = [
        [{ projectorTheme: 'light', projectorLargeText: true }, '[data-theme=light].large-text'],
        [{ projectorLargeText: false, projectorLang: 'both' }, '[data-lang=both]'],
        [{ projectorLang: 'auto', projectorDensity: 'compact' }, '[data-density=compact]']
      ];
      for (const [style, selector] of styles) {
        await demo.moderate('board:projector-style', style);
        await page.locator(`[data-testid=projector]${selector}`).waitFor();
        expect([style, await seriousViolations(page)]).toEqual([style, []]);
      }
      await demo.moderate('board:projector-style', { projectorDensity: 'auto' });
    }, 120_000);

    it('outputs page, when the outputs feature is present', async () => {
      if (!existsSync('src/routes/outputs')) return;
      const eventId = demo.event.response.eventId;
      const published = await fetch(`${server.url}/api/events/${eventId}/outputs?t=${demo.event.tokens.moderator}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ published: true })
      });
      expect(published.status).toBe(200);
      const page = await open(`${server.url}/outputs/${eventId}`, lang, VIEWPORTS.laptop);
      await page.getByTestId('card').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});

describe('A2 keyboard only', () => {
  it('a panelist fills in who they are and posts a card without a mouse', async () => {
    const page = await open(demo.links.panelist, 'en', VIEWPORTS.laptop);
    await page.getByTestId('identity-form').waitFor();
    await tabTo(page, '[data-testid=identity-name]');
    await page.keyboard.type('Keyboard Kate');
    await tabTo(page, '[data-testid=identity-save]');
    await page.keyboard.press('Enter');
    await page.getByTestId('post-form').waitFor();
    await tabTo(page, '[data-testid=post-text]');
    await page.keyboard.type('Posted with the keyboard alone.');
    await tabTo(page, '[data-testid=post-submit]');
    await page.keyboard.press('Enter');
    await page.getByTestId('card').filter({ hasText: 'Posted with the keyboard alone.' }).waitFor();
  });

  it('a moderator moves a card to the next topic with the keyboard', async () => {
    const page = await open(demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = demo.cardIds[0];
    const card = page.locator(`[data-testid=column] [data-testid=card][data-card-id="${cardId}"]`);
    await card.waitFor();
    const column = async () => card.evaluate((el) => el.closest('[data-testid=column]')?.getAttribute('data-topic-id'));
    const before = await column();
    await tabTo(page, `[data-testid=column] [data-card-id="${cardId}"] [data-testid=move-right]`, 400);
    await page.keyboard.press('Enter');
    await waitFor(async () => (await column()) !== before, 'the card in another column');
    // Focus stays with the moved card, so it can keep moving.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=card]')?.getAttribute('data-card-id'))).toBe(cardId);
  });

  it('someone in the audience votes with the keyboard', async () => {
    const page = await open(demo.links.audience, 'en', VIEWPORTS.phone);
    await page.getByTestId('card').first().waitFor();
    await tabTo(page, '[data-testid=vote-button][aria-pressed=false]');
    await page.keyboard.press('Space');
    await waitFor(() => page.evaluate(() => document.activeElement?.getAttribute('aria-pressed') === 'true'), 'the focused vote button pressed');
  });

  it('a moderator edits a card\'s text with the keyboard, and the focus returns to the card', async () => {
    const page = await open(demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = demo.cardIds[1];
    const inColumn = `[data-testid=column] [data-card-id="${cardId}"]`;
    await page.locator(inColumn).first().waitFor();
    await tabTo(page, `${inColumn} [data-testid=edit-button]`, 400);
    await page.keyboard.press('Enter');
    // The editor takes the focus, on its text.
    await waitFor(async () => (await focusedAt(page)) === `edit-text in ${cardId}`, 'the focus on the edit text', 2_000);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Edited with the keyboard alone.');
    await tabTo(page, `[data-testid=card-editor][data-card-id="${cardId}"] [data-testid=edit-submit]`, 10);
    await page.keyboard.press('Enter');
    await page.locator(`${inColumn} [data-testid=card-text]`).filter({ hasText: 'Edited with the keyboard alone.' }).waitFor();
    await waitFor(async () => (await focusedAt(page)) === `edit-button in ${cardId}`, 'the focus back on the card', 2_000);
    // Escape leaves the editor without saving, the focus again on the card.
    await page.keyboard.press('Enter');
    await waitFor(async () => (await focusedAt(page)) === `edit-text in ${cardId}`, 'the focus on the edit text again', 2_000);
    await page.keyboard.type(' Not kept.');
    await page.keyboard.press('Escape');
    await waitFor(async () => (await focusedAt(page)) === `edit-button in ${cardId}`, 'the focus back on the card after Escape', 2_000);
    expect(await page.locator(`${inColumn} [data-testid=card-text]`).textContent()).toBe('Edited with the keyboard alone.');
  });

  it('a moderator approves one audience submission and rejects another with a reason, without a mouse', async () => {
    const { topics } = demo.state();
    const audience = await connectAs(server.url, demo.event.boardId, demo.event.tokens.audience);
    const texts = ['Approved from the keyboard: interpreters at the foreign police', 'Rejected from the keyboard: buy cheap watches'];
    const ids: string[] = [];
    try {
      for (const [i, text] of texts.entries()) {
        const ack = await call<{ id: string }>(audience, 'submission:create', { type: 'card', key: `a2-queue-${i}`, kind: 'question', text, topicId: topics[0].id, author: '', orgId: null });
        if (!ack.ok) throw new Error(`submission refused: ${JSON.stringify(ack)}`);
        ids.push(ack.data.id);
      }
    } finally {
      audience.close();
    }
    const page = await open(demo.links.moderator, 'en', VIEWPORTS.laptop);
    const item = (id: string) => `[data-testid=queue-item][data-submission-id="${id}"]`;
    await page.locator(item(ids[1])).waitFor();
    // The header's queue badge takes the keyboard past the board to the queue.
    await tabTo(page, '[data-testid=queue-badge]');
    await page.keyboard.press('Enter');
    await tabTo(page, `${item(ids[0])} [data-testid=queue-approve]`, 40);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=column] [data-testid=card]').filter({ hasText: texts[0] }).waitFor();
    // The focus moves on to the item that took the decided one's place.
    await waitFor(async () => page.evaluate((s) => document.activeElement?.matches(s) ?? false, `${item(ids[1])} [data-testid=queue-approve]`), 'the focus on the next item', 2_000);

    await tabTo(page, `${item(ids[1])} [data-testid=queue-reject]`, 10);
    await page.keyboard.press('Enter');
    // The reasons take the focus when they open; Escape closes them and gives it back to Reject.
    const focusedOn = (selector: string) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject-off-topic]`), 'the focus on the first reason', 2_000);
    await page.keyboard.press('Escape');
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject]`), 'the focus back on Reject', 2_000);
    await page.keyboard.press('Enter');
    // The first reason, off-topic, has the focus again.
    await waitFor(() => focusedOn(`${item(ids[1])} [data-testid=queue-reject-off-topic]`), 'the focus on off-topic', 2_000);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid=queue-decided-item][data-submission-id="${ids[1]}"][data-status=rejected]`).waitFor({ state: 'attached' });
    await page.locator(item(ids[1])).waitFor({ state: 'detached' });
    expect(await page.getByTestId('board-columns').textContent()).not.toContain(texts[1]);
    expect(await focusedAt(page)).not.toBe('body');
  });

  it('a moderator hides a card with the keyboard, and the focus moves to the card that took its place', async () => {
    const page = await open(demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = demo.cardIds[2];
    const inColumn = `[data-testid=column] [data-card-id="${cardId}"]`;
    await page.locator(inColumn).first().waitFor();
    await tabTo(page, `${inColumn} [data-testid=hide-button]`, 400);
    await page.keyboard.press('Enter');
    await page.locator(inColumn).first().waitFor({ state: 'detached' });
    await waitFor(async () => /^hide-button in /.test(await focusedAt(page)), 'the focus on the next hide button', 2_000);
    expect(await focusedAt(page)).not.toBe(`hide-button in ${cardId}`);
    await demo.moderate('card:hide', { cardId, hidden: false });
  });

  it('a moderator spotlights a card and takes it off again with the keyboard, keeping the focus', async () => {
    const page = await open(demo.links.moderator, 'en', VIEWPORTS.laptop);
    const cardId = demo.cardIds[3];
    const button = `[data-testid=column] [data-card-id="${cardId}"] [data-testid=spotlight-button]`;
    await page.locator(button).waitFor();
    await tabTo(page, button, 400);
    await page.keyboard.press('Enter');
    await page.locator(`${button}[aria-pressed=true]`).waitFor();
    expect(await focusedAt(page)).toBe(`spotlight-button in ${cardId}`);
    await page.keyboard.press('Space');
    await page.locator(`${button}[aria-pressed=false]`).waitFor();
    expect(await focusedAt(page)).toBe(`spotlight-button in ${cardId}`);
  });
});

describe('A3 switching the language', () => {
  it('keeps a half-typed card and does not reload', async () => {
    const page = await open(demo.links.moderator, 'cs', VIEWPORTS.laptop);
    await page.getByTestId('post-text').waitFor();
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    await page.getByTestId('post-text').fill('Napůl napsaná karta');
    const before = await page.getByTestId('post-submit').textContent();
    await page.getByTestId('locale-en').click();
    await waitFor(async () => (await page.getByTestId('post-submit').textContent()) !== before, 'labels in English');
    expect(await page.getByTestId('post-text').inputValue()).toBe('Napůl napsaná karta');
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});

describe('A4 text at 200 %', () => {
  it.each([
    ['audience', 'phone'],
    ['panelist', 'laptop'],
    ['moderator', 'laptop']
  ] as const)('the %s page at %s width does not scroll sideways', async (role, viewport) => {
    const page = await open(demo.links[role], 'cs', VIEWPORTS[viewport]);
    await page.getByTestId('card').first().waitFor();
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(page.getByTestId('card-text').first().isVisible()).resolves.toBe(true);
  });
});

describe('A5 motion and announcements', () => {
  it('with reduced motion a new card does not animate, and its arrival is announced politely', async () => {
    const page = await open(demo.links.audience, 'en', VIEWPORTS.phone, { reducedMotion: 'reduce' });
    await page.getByTestId('card').first().waitFor();
    const live = page.getByTestId('new-cards-live');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await demo.addCards(1);
    const fresh = page.locator(`[data-card-id="${demo.cardIds.at(-1)}"]`);
    await fresh.waitFor();
    await waitFor(async () => ((await live.textContent()) ?? '').trim().length > 0, 'an announcement');
    const motion = await fresh.evaluate((el) => {
      const s = getComputedStyle(el);
      return { name: s.animationName, seconds: parseFloat(s.animationDuration) };
    });
    expect(motion.name === 'none' || motion.seconds <= 0.01).toBe(true);
  });
});
