/**
 * Issue 16, point 1, in two browsers (docs/privacy.md §1, rule W10): a panelist edits her card
 * offline (`context.setOffline`); meanwhile the moderator redacts a phone number from it. When
 * she is back online, the phone number is not back on the public board, she sees a notice on the
 * card with her version kept on her device (also after a reload), and she can resubmit it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent } from '../helpers/test-server.js';
import { browserTest } from '../fixtures.js';
import { cardMenuAction, consoleCard } from './support/card-menu.js';

const ORIGINAL = 'Na úřadě chybí tlumočník do ukrajinštiny. Ptejte se na Janu.';
const OFFLINE = 'Na úřadě chybí tlumočník do ukrajinštiny. Jana Nováková, tel. 777 123 456, volejte po 15. hodině.';
const REDACTED = 'Na úřadě chybí tlumočník do ukrajinštiny. (Kontakt odstranil moderátor.)';
const PHONE = '777 123 456';

let browser: Browser;
let server: ServerProcess;

const cardIn = (page: Page, text: string) => page.locator('[data-testid=column] [data-testid=card]').filter({ hasText: text });

describe('the moderator’s word stands over an offline edit (W10)', () => {
  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    browser = chromium;
    server = app;
  });

  it('a redaction made while the panelist was offline stands; she is told, keeps her version across a reload, and can resubmit it', async () => {
    const event = await createTestEvent(server.url, { title: 'Výzvy integrace', place: 'Praha', lang: 'cs' });
    const links = event.response.links[event.boardId];
    const { context, page: panelist } = await newPage(browser, VIEWPORTS.laptop);
    await panelist.goto(links.panelist);
    await panelist.getByTestId('identity-name').fill('Jana');
    await panelist.getByTestId('identity-save').click();
    await panelist.getByTestId('post-text').fill(ORIGINAL);
    await panelist.getByTestId('post-submit').click();
    const { page: moderator } = await newPage(browser, VIEWPORTS.laptop);
    await moderator.goto(links.moderator);
    await cardIn(moderator, ORIGINAL).waitFor();
    const cardId = (await cardIn(panelist, ORIGINAL).getAttribute('data-card-id')) ?? '';

    await goOffline(context, panelist);
    await cardIn(panelist, ORIGINAL).getByTestId('edit-button').click();
    await panelist.getByTestId('edit-text').fill(OFFLINE);
    await panelist.getByTestId('edit-submit').click();
    await cardIn(panelist, OFFLINE).waitFor();

    await cardMenuAction(consoleCard(moderator, cardId), 'redact-button');
    await moderator.getByTestId('redact-text').fill(REDACTED);
    await moderator.getByTestId('redact-submit').click();
    await cardIn(moderator, REDACTED).waitFor();

    await context.setOffline(false);
    const notice = panelist.getByTestId('stale-notice');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.getByTestId('stale-version').textContent()).toBe(OFFLINE);
    await cardIn(panelist, REDACTED).waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain('The moderator changed this card while you were offline');
    await screenshot(panelist, 'stale-notice-1366');

    const { page: projector } = await newPage(browser, VIEWPORTS.projector);
    await projector.goto(links.projector);
    await projector.locator(`[data-testid=card][data-card-id="${cardId}"]`).filter({ hasText: REDACTED }).waitFor();
    expect(await projector.content()).not.toContain(PHONE);
    expect(await moderator.content()).not.toContain(PHONE);

    await panelist.reload();
    await notice.waitFor();
    await cardIn(panelist, REDACTED).waitFor();
    for (const [name, size] of [
      ['390', VIEWPORTS.phone],
      ['1024', { width: 1024, height: 768 }]
    ] as const) {
      await panelist.setViewportSize(size);
      await notice.scrollIntoViewIfNeeded();
      await screenshot(panelist, `stale-notice-${name}`);
    }
    await panelist.setViewportSize(VIEWPORTS.laptop);

    await notice.getByTestId('stale-resubmit').click();
    await notice.waitFor({ state: 'detached' });
    await cardIn(moderator, OFFLINE).waitFor({ timeout: 20_000 });
    await panelist.reload();
    await cardIn(panelist, OFFLINE).waitFor();
    expect(await panelist.getByTestId('stale-notice').count()).toBe(0);
  }, 240_000);
});

/** Offline as the browser sees it, and the board's socket gone (a lost network closes it). */
async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await page.locator('[data-testid=connection-status]:not([data-status=online])').waitFor();
}
