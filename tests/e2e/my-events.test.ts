/**
 * "My events on this device" (issue 18, point 6), in real Chromium against the built server:
 *   Y1  Back after creating an event and opening its console finds the event on the start page,
 *       its moderator link kept, with the prompt to save the link elsewhere; it survives a
 *       reload and opens the console;
 *   Y2  a replaced moderator link replaces the kept one (the console on the new link updates it);
 *   Y3  removing it asks first, then it is gone for good from this device.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { browserFile } from './support/browser-file.js';

const file = browserFile();

async function device(viewport: { width: number; height: number } = VIEWPORTS.laptop): Promise<Page> {
  return (await file.open({ viewport, locale: 'en-US' })).page;
}

/** Creates an event from the start page; returns the moderator link it shows. */
async function createInUi(page: Page, title: string): Promise<string> {
  await page.goto(`${file.server.url}/`);
  await page.getByTestId('create-title').fill(title);
  await page.getByTestId('create-date').fill('2026-12-03');
  await page.getByTestId('create-place').fill('Brno');
  await page.getByTestId('create-submit').click();
  await page.getByTestId('created-event').waitFor();
  expect(await page.getByTestId('created-saved-here').textContent()).toContain('Save the link elsewhere too');
  return (await page.getByTestId('open-console').getAttribute('href')) ?? '';
}

const myEvent = (page: Page, title: string) => page.getByTestId('my-event').filter({ hasText: title });

describe('my events on this device', () => {
  it('Y1 Back after opening the console finds the event on the start page, its link kept, with the prompt to save it', async () => {
    const page = await device();
    await page.goto(`${file.server.url}/`);
    await page.getByTestId('create-form').waitFor();
    expect(await page.getByTestId('my-events').count()).toBe(0);

    const link = await createInUi(page, 'Neighbourhood forum');
    await page.getByTestId('open-console').click();
    await page.waitForURL(/\/b\/[^/]+\/moderate\?t=/);
    await page.getByTestId('column').first().waitFor();
    await page.goBack();

    const entry = myEvent(page, 'Neighbourhood forum');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('December 3, 2026');
    expect(await entry.textContent()).toContain('Brno');
    expect(await entry.getByTestId('my-event-open').getAttribute('href')).toBe(link);
    expect(await page.getByTestId('my-events').textContent()).toContain('Save each one elsewhere too');
    await screenshot(page, 'my-events-1366');

    await page.reload();
    await entry.waitFor();
    await entry.getByTestId('my-event-open').click();
    await page.waitForURL(link);
    await page.getByTestId('column').first().waitFor();
  });

  it('Y1 on a phone: the list comes before the forms', async () => {
    const page = await device(VIEWPORTS.phone);
    await createInUi(page, 'Phone forum');
    await page.goto(`${file.server.url}/`);
    const entry = myEvent(page, 'Phone forum');
    await entry.waitFor();
    const list = (await page.getByTestId('my-events').boundingBox())!;
    const create = (await page.getByTestId('create-form').boundingBox())!;
    expect(list.y).toBeLessThan(create.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await screenshot(page, 'my-events-390');
  });

  it('Y2 a replaced moderator link replaces the kept one', async () => {
    const page = await device();
    const old = await createInUi(page, 'Rotated forum');
    await page.goto(old);
    const row = page.getByTestId('board-links').first().getByTestId('role-row-moderator');
    await row.getByTestId('rotate-moderator').click();
    await row.getByTestId('rotate-confirm-moderator').click();
    await page.waitForURL((url) => url.href !== old && url.pathname.endsWith('/moderate'));
    const fresh = page.url();
    await page.getByTestId('column').first().waitFor();
    await page.goto(`${file.server.url}/`);
    const entry = myEvent(page, 'Rotated forum');
    await entry.waitFor();
    expect(await entry.getByTestId('my-event-open').getAttribute('href')).toBe(fresh);
    expect((await fetch(old)).status).toBe(401);
  });

  it('Y3 removing an event asks first; once confirmed it is gone from this device', async () => {
    const page = await device();
    await createInUi(page, 'Forum to forget');
    await page.goto(`${file.server.url}/`);
    const entry = myEvent(page, 'Forum to forget');
    await entry.waitFor();

    page.once('dialog', (dialog) => void dialog.dismiss());
    await entry.getByTestId('my-event-forget').click();
    expect(await entry.count()).toBe(1);

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('Forum to forget');
      void dialog.accept();
    });
    await entry.getByTestId('my-event-forget').click();
    await entry.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('create-form').waitFor();
    expect(await myEvent(page, 'Forum to forget').count()).toBe(0);
  });
});
