/**
 * The moderator issues a new link for a role from the role links panel (with a confirm step);
 * an audience phone on the old link is told its access was revoked, the new link works.
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

  it('"New link" asks first, then replaces the audience link; the old link’s open page shows the revoked banner', async () => {
    const ev = await createTestEvent(server.url);
    const links = ev.response.links[ev.boardId];
    const { context: audienceCtx, page: audience } = await newPage(browser, VIEWPORTS.phone);
    await audience.goto(links.audience);
    await audience.getByTestId('card').first().or(audience.locator('main')).first().waitFor();
    const { context: modCtx, page: moderator } = await newPage(browser, VIEWPORTS.laptop);
    await moderator.goto(links.moderator);
    await moderator.locator('[data-testid=links-section] > summary').click();
    const section = moderator.getByTestId('board-links').first();
    await section.waitFor();
    const field = section.getByTestId('role-link-audience');
    expect(await field.inputValue()).toBe(links.audience);

    await section.getByTestId('rotate-audience').click();
    await section.getByTestId('rotate-confirm-audience').click();
    await moderator.waitForFunction((old) => (document.querySelector('[data-testid=board-links] [data-testid=role-link-audience]') as HTMLInputElement | null)?.value !== old, links.audience);
    const fresh = await field.inputValue();
    expect(new URL(fresh).searchParams.get('t')).not.toBe(ev.tokens.audience);

    await audience.getByTestId('fatal-banner').waitFor({ timeout: 15_000 });
    expect((await fetch(links.audience)).status).toBe(401);
    expect((await fetch(fresh)).status).toBe(200);
    await audienceCtx.close();
    await modCtx.close();
  });
});
