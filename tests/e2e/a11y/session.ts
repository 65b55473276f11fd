/**
 * Accessibility, in real Chromium against the built server. The checks are split over files so
 * the languages run side by side, each against its own server and demo board:
 *   A1  axe-core finds no serious or critical WCAG 2.x A/AA violation on any page (home,
 *       moderator, panelist, audience with its forms and submissions open, joining by code,
 *       every projector mode, in one theme per language so every theme meets every mode, large
 *       text, bilingual, the outputs page), in Czech,
 *       English, Ukrainian and Vietnamese, with `<html lang>` right (axe-*.test.ts);
 *   A2  posting, editing, moving a card between topics, voting, deciding the audience queue
 *       (approve, reject with a reason), hiding and spotlighting work with the keyboard alone,
 *       and the focus never falls back to the page after an action;
 *   A3  switching the language keeps a half-typed card and does not reload the page;
 *   A4  at 200 % text size the phone and laptop layouts still fit their width;
 *   A5  with reduced motion, arriving cards do not animate; arrivals are announced politely
 *       (A2–A5: keyboard.test.ts);
 *   A6  a vote button's accessible name begins with its visible text, and axe's label-in-name
 *       rule, enabled for every page above, looks at them (label-in-name.test.ts).
 * This module holds what they share: one session per file (server, browser, demo board), pages
 * opened in a language, and axe's verdict on a settled page.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach } from 'vitest';
import { createDemoBoard, type DemoBoard } from '../../../support/demo-board.js';
import type { ServerProcess } from '../../../support/server-process.js';
import { browserTest } from '../../fixtures.js';

export const LOCALES = { cs: 'cs-CZ', en: 'en-US', uk: 'uk-UA', vi: 'vi-VN' } as const;
export type Lang = keyof typeof LOCALES;
export type Viewport = { width: number; height: number };

export interface A11ySession {
  readonly server: ServerProcess;
  readonly demo: DemoBoard;
  /** A new page in its own context, in `lang`, at `viewport`; closed after the test. */
  open(url: string, lang: Lang, viewport: Viewport, options?: { reducedMotion?: 'reduce' }): Promise<Page>;
}

/** Registers the file's hooks: the built server, Chromium, a demo board with a running timer. */
export function a11ySession(): A11ySession {
  let browser: Browser;
  let server: ServerProcess;
  let demo: DemoBoard;
  const contexts: BrowserContext[] = [];

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

  return {
    get server() {
      return server;
    },
    get demo() {
      return demo;
    },
    async open(url, lang, viewport, options = {}) {
      const context = await browser.newContext({ viewport, locale: LOCALES[lang], ...options });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
      await page.goto(url);
      return page;
    }
  };
}

/** Serious and critical violations only, each with the elements it names. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Judge the settled page: a fade-in caught halfway has a contrast no one reads it at.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity), undefined, {
    timeout: 10_000
  });
  // Label in name (WCAG 2.5.3) is experimental in axe, so off unless named: a control's accessible
  // name must contain the text it shows, or speech users cannot say what they see.
  const result = await new AxeBuilder({ page })
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`
    );
}
