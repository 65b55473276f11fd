/**
 * A1 for one language: axe-core finds no serious or critical WCAG 2.x A/AA violation on any page
 * (see session.ts). Each language's file calls `axeSuite` once, so the languages run side by side.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ProjectorStyle, ProjectorView } from '../../../src/lib/board/types.js';
import { VIEWPORTS } from '../../../support/browser.js';
import { a11ySession, seriousViolations, type Lang } from './session.js';

const THEME_OF = { cs: 'light', en: 'dark', uk: 'contrast', vi: 'dark' } as const satisfies Record<Lang, 'light' | 'dark' | 'contrast'>;

const projectorMode = (page: Page, mode: string) => page.locator(`[data-testid=projector][data-mode=${mode}]`).waitFor();

export function axeSuite(lang: Lang): void {
  const session = a11ySession();
  describe(`A1 axe-core: no serious or critical violations in ${lang}`, () => {
    it('home page', async () => {
      const page = await session.open(session.server.url + '/', lang, VIEWPORTS.laptop);
      await page.getByTestId('create-form').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it.each([
      ['moderator', 'laptop'],
      ['panelist', 'laptop'],
      ['audience', 'phone']
    ] as const)('%s page (%s)', async (role, viewport) => {
      const page = await session.open(session.demo.links[role], lang, VIEWPORTS[viewport]);
      await page.getByTestId('card').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('audience page with who-you-appear-as, the submit form and a submission open (phone)', async () => {
      const page = await session.open(session.demo.links.audience, lang, VIEWPORTS.phone);
      await page.getByTestId('card').first().waitFor();
      await page.getByTestId('me-change').click();
      await page.getByTestId('submit-open').click();
      await page.getByTestId('submit-text').fill('Příliš žluťoučký kůň úpěl ďábelské ódy?');
      await page.getByTestId('submit-button').click();
      await page.getByTestId('submission').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('join page with an unknown code (phone)', async () => {
      const page = await session.open(`${session.server.url}/join/ZZZZZZ`, lang, VIEWPORTS.phone);
      await page.getByTestId('join-error').waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });

    // Each language checks every mode in one theme, and the themes rotate over the languages, so
    // every theme meets every mode and every language meets every mode (a third of the runs of
    // every theme in every language; contrast depends on the theme, not on the language).
    const theme = THEME_OF[lang];
    it(`projector in the ${theme} theme: every mode and the spotlight`, async () => {
      const page = await session.open(session.demo.links.projector, lang, VIEWPORTS.projector);
      await page.getByTestId('card').first().waitFor();
      await session.demo.moderate('board:projector-style', { projectorTheme: theme, projectorLargeText: false, projectorLang: 'auto', projectorDensity: 'auto' });
      await page.locator(`[data-testid=projector][data-theme=${theme}]`).waitFor();
      const { topics, orgs } = session.demo.state();
      const views: ProjectorView[] = [
        { mode: 'topic', topicId: topics[0].id },
        { mode: 'org', orgId: orgs[0].id },
        { mode: 'top', limit: 5 },
        { mode: 'matrix' },
        { mode: 'board' }
      ];
      for (const view of views) {
        await session.demo.moderate('board:projector', view);
        await projectorMode(page, view.mode);
        expect([view.mode, await seriousViolations(page)]).toEqual([view.mode, []]);
      }
      await session.demo.moderate('card:spotlight', { cardId: session.demo.cardIds[0] });
      await page.getByTestId('spotlight-overlay').waitFor();
      expect(['spotlight', await seriousViolations(page)]).toEqual(['spotlight', []]);
      await session.demo.moderate('card:spotlight', { cardId: null });
      await page.getByTestId('spotlight-overlay').waitFor({ state: 'detached' });
    }, 120_000);

    it('projector with large text, in both languages, and compact', async () => {
      const page = await session.open(session.demo.links.projector, lang, VIEWPORTS.projector);
      await page.getByTestId('card').first().waitFor();
      const styles: [Partial<ProjectorStyle>, string][] = [
        [{ projectorTheme: 'light', projectorLargeText: true }, '[data-theme=light].large-text'],
        [{ projectorLargeText: false, projectorLang: 'both' }, '[data-lang=both]'],
        [{ projectorLang: 'auto', projectorDensity: 'compact' }, '[data-density=compact]']
      ];
      for (const [style, selector] of styles) {
        await session.demo.moderate('board:projector-style', style);
        await page.locator(`[data-testid=projector]${selector}`).waitFor();
        expect([style, await seriousViolations(page)]).toEqual([style, []]);
      }
      await session.demo.moderate('board:projector-style', { projectorDensity: 'auto' });
    }, 120_000);

    it('outputs page', async () => {
      const eventId = session.demo.event.response.eventId;
      const published = await fetch(`${session.server.url}/api/events/${eventId}/outputs?t=${session.demo.event.tokens.moderator}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ published: true })
      });
      expect(published.status).toBe(200);
      const page = await session.open(`${session.server.url}/outputs/${eventId}`, lang, VIEWPORTS.laptop);
      await page.getByTestId('card').first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
}
