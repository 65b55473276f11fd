/**
 * The moderator issues a new link for a role from the role links panel: a dialog says what that
 * does before it happens; a panelist on the old link is told, without blaming anyone, that the
 * link was replaced; the new link works. (Audience links: tests/e2e/rejoin.test.ts.)
 * Real server process, real Chromium.
 */
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { createTestEvent } from '../helpers/test-server.js';
import { browserTest } from '../fixtures.js';

describe('rotating a role link in the moderator console', () => {
  let browser: Browser;
  let server: ServerProcess;
  browserTest.beforeAll(async ({ app, browser: chromium }) => {
    server = app;
    browser = chromium;
  });

  it('"New link" opens a dialog stating the effect, Cancel keeps the link, confirming replaces it; the old link’s open page says it was replaced', async () => {
    const ev = await createTestEvent(server.url);
    const links = ev.response.links[ev.boardId];
    const { context: panelCtx, page: panelist } = await newPage(browser, VIEWPORTS.laptop);
    await panelist.goto(links.panelist);
    await panelist.getByTestId('identity-name').waitFor();
    const { context: modCtx, page: moderator } = await newPage(browser, VIEWPORTS.laptop);
    await moderator.goto(links.moderator);
    const section = moderator.getByTestId('board-links').first();
    await section.waitFor();
    const field = section.getByTestId('role-link-panelist');
    expect(await field.getAttribute('href')).toBe(links.panelist);

    await section.getByTestId('rotate-panelist').click();
    const dialog = section.getByTestId('rotate-dialog-panelist');
    await dialog.waitFor();
    await expect(dialog.getByTestId('rotate-effect').textContent()).resolves.toContain('Panelists on the old link are disconnected at once');
    await dialog.getByTestId('rotate-cancel-panelist').click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await field.getAttribute('href')).toBe(links.panelist);

    await section.getByTestId('rotate-panelist').click();
    await dialog.getByTestId('rotate-confirm-panelist').click();
    await moderator.waitForFunction((old) => document.querySelector('[data-testid=board-links] [data-testid=role-link-panelist]')?.getAttribute('href') !== old, links.panelist);
    const fresh = (await field.getAttribute('href')) ?? '';
    expect(new URL(fresh).searchParams.get('t')).not.toBe(ev.tokens.panelist);

    const banner = panelist.getByTestId('fatal-banner');
    await banner.waitFor({ timeout: 15_000 });
    await expect(banner.textContent()).resolves.toContain('This link was replaced with a new one');
    expect(await banner.textContent()).not.toMatch(/revoked|moderator/i);
    expect((await fetch(links.panelist)).status).toBe(401);
    expect((await fetch(fresh)).status).toBe(200);
    await panelCtx.close();
    await modCtx.close();
  });
});
