/**
 * The links panel of the moderator console (issue 18, point 5), in real Chromium against the
 * built server:
 *   S1  it is open at the top of the console, in view without scrolling at 1366×768;
 *   S2  each role's link is named (moderator, panelists, audience, projector) with whom it is for,
 *       and its Open and Copy buttons say whose link they open or copy;
 *   S3  Open opens that role's link; Copy puts it on the clipboard;
 *   S4  the panelist link has a QR code, and the code encodes exactly that link.
 */
import type { BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { browserFile } from './support/browser-file.js';

const file = browserFile();

async function moderatorConsole(ev: TestEvent, viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await file.open({ viewport, locale: 'en-US' });
  await page.goto(ev.response.links[ev.boardId].moderator);
  await page.getByTestId('board-links').first().waitFor();
  return { context, page };
}

const ROLES = [
  ['moderator', 'Moderator (private)', 'You only'],
  ['panelist', 'Panelists', 'For the panel'],
  ['audience', 'Audience', 'For the hall'],
  ['projector', 'Projector', 'For the big screen']
] as const;

describe('the links panel', () => {
  it('S1 S2 is open at the top of the console, each role named with whom it is for', async () => {
    const ev = await createTestEvent(file.server.url, { workshops: ['Workshop A'] });
    const { page } = await moderatorConsole(ev);
    const section = page.getByTestId('links-section');
    expect(await section.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(true);
    // This board's links come first, their first row in view without scrolling.
    const board = page.getByTestId('board-links').first();
    expect(await board.getAttribute('data-board-id')).toBe(ev.boardId);
    const firstRow = (await board.getByTestId('role-row-panelist').boundingBox())!;
    expect(firstRow.y + firstRow.height).toBeLessThanOrEqual(VIEWPORTS.laptop.height);
    await screenshot(page, 'share-links-1366');

    const links = ev.response.links[ev.boardId];
    const names = new Set<string>();
    for (const [role, name, who] of ROLES) {
      const row = board.getByTestId(`role-row-${role}`);
      expect(await row.textContent(), role).toContain(name);
      expect(await row.textContent(), role).toContain(who);
      const open = row.getByTestId(`role-link-${role}`);
      expect(await open.getAttribute('href')).toBe(links[role]);
      // The buttons' names say whose link: "Open: Panelists", "Copy: Panelists".
      const openName = await open.evaluate((el) => el.textContent?.replace(/\s+/g, ' ').trim());
      const copyName = await row.getByTestId(`role-link-${role}-copy`).evaluate((el) => el.textContent?.replace(/\s+/g, ' ').trim());
      expect(openName).toBe(`Open: ${name}`);
      expect(copyName).toBe(`Copy: ${name}`);
      names.add(openName ?? '');
    }
    expect(names.size).toBe(4);
    // The workshop's links follow, under their own heading.
    expect(await page.getByTestId('board-links').count()).toBe(2);
  });

  it('S3 Open opens the role’s link in a new tab; Copy puts it on the clipboard', async () => {
    const ev = await createTestEvent(file.server.url);
    const { context, page } = await moderatorConsole(ev);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: file.server.url });
    const links = ev.response.links[ev.boardId];
    const board = page.getByTestId('board-links').first();

    const [tab] = await Promise.all([context.waitForEvent('page'), board.getByTestId('role-link-audience').click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(links.audience);
    // Opened without a window.opener back into the console.
    expect(await tab.evaluate(() => window.opener)).toBeNull();
    await tab.close();

    for (const role of ['panelist', 'projector'] as const) {
      await board.getByTestId(`role-link-${role}-copy`).click();
      await board.getByTestId(`role-link-${role}-copy`).filter({ hasText: 'Copied' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(links[role]);
    }
  });

  it('S4 the panelist link’s QR code encodes exactly that link', async () => {
    const ev = await createTestEvent(file.server.url);
    const { page } = await moderatorConsole(ev);
    const row = page.getByTestId('board-links').first().getByTestId('role-row-panelist');
    const toggle = row.getByTestId('role-qr-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const qr = row.locator('[data-testid=role-qr][data-ready]');
    await qr.waitFor();
    expect(await qr.getAttribute('role')).toBe('img');
    expect(await qr.getAttribute('aria-label')).toBe('QR code of the panelist link');
    await screenshot(page, 'share-links-qr-1366');

    // The same encoder with the same options draws the same modules: the paths must match.
    const link = ev.response.links[ev.boardId].panelist;
    const expected = await QRCode.toString(link, { type: 'svg', margin: 0, errorCorrectionLevel: 'M', color: { dark: '#0b1220', light: '#ffffff' } });
    const paths = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    const shown = await qr.evaluate((el) => [...el.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? ''));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(paths(expected));
    // And not some other link's code.
    const other = await QRCode.toString(ev.response.links[ev.boardId].audience, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
    expect(shown).not.toEqual(paths(other));
  });
});
