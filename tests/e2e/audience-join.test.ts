/**
 * The audience joining on a phone (390×844), real server process, real Chromium:
 *   P1  joining: typing the code on the home page (any case, spaces and dashes), and the
 *       projector's /join/<code> link, land on the audience view; a mistyped or unknown code
 *       gets a clear error and the form again;
 *   P2  the nickname and organization are remembered on the device; anonymous by default.
 */
import { describe, expect, it } from 'vitest';
import { screenshot } from '../../support/browser.js';
import { waitFor } from '../../support/wait.js';
import { audienceSession, demo, joinCode, openAudience, phone, server } from './audience-phone.js';

audienceSession();

describe('P1 joining with a code', () => {
  it('typing the code on the home page, in lower case with a space and a dash, opens the audience view', async () => {
    const { page } = await phone();
    await page.goto(server.url + '/');
    const code = joinCode();
    await page.getByTestId('join-code').fill(`${code.slice(0, 3).toLowerCase()} -${code.slice(3).toLowerCase()}`);
    await screenshot(page, 'audience-join-form-390');
    await page.getByTestId('join-submit').click();
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view` && url.searchParams.get('t') === demo.event.tokens.audience);
    await page.getByTestId('card').first().waitFor();
    expect(await page.getByTestId('board-title').textContent()).toContain('Výzvy integrace');
  });

  it('the projector’s /join/<code> link lands on the audience view and leaves no stop in the history', async () => {
    const { page } = await phone();
    await page.goto(server.url + '/');
    await page.goto(`${server.url}/join/${joinCode()}`);
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
    await page.getByTestId('card').first().waitFor();
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
  });

  it('/join without a code (the short address on the projector) asks for it', async () => {
    const { page } = await phone();
    await page.goto(`${server.url}/join`);
    await page.getByTestId('join-code').fill(joinCode());
    await page.getByTestId('join-code').press('Enter');
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
  });

  it('an unknown code shows a friendly error with the form again', async () => {
    const { page } = await phone();
    const unknown = joinCode() === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    await page.goto(`${server.url}/join/${unknown.toLowerCase()}`);
    const error = page.getByTestId('join-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(`No board has the code ${unknown}`);
    expect(await page.getByTestId('join-code').inputValue()).toBe(unknown.toLowerCase());
    expect(new URL(page.url()).pathname).toBe(`/join/${unknown.toLowerCase()}`);
    await screenshot(page, 'audience-join-unknown-390');
    // The form works from there.
    await page.getByTestId('join-code').fill(joinCode());
    await page.getByTestId('join-submit').click();
    await page.waitForURL((url) => url.pathname === `/b/${demo.event.boardId}/view`);
  });

  it('a mistyped code is explained before anything is sent', async () => {
    const { page } = await phone();
    const lookups: string[] = [];
    page.on('request', (r) => r.url().includes('/api/join/') && lookups.push(r.url()));
    await page.goto(server.url + '/');
    await page.getByTestId('join-code').fill('AB0O1');
    await page.getByTestId('join-submit').click();
    expect(await page.getByTestId('join-error').textContent()).toContain('“0O1”');
    await page.getByTestId('join-code').fill('ABC');
    await page.getByTestId('join-submit').click();
    await waitFor(async () => (await page.getByTestId('join-error').textContent())?.includes('6 characters'), 'the length error');
    expect(await page.getByTestId('join-code').getAttribute('aria-invalid')).toBe('true');
    expect(lookups).toEqual([]);
  });
});

describe('P2 who you appear as', () => {
  it('is anonymous by default; a nickname and an organization are remembered after a reload', async () => {
    const { page } = await openAudience();
    expect(await page.getByTestId('me-name').textContent()).toBe('Anonymous');
    await page.getByTestId('me-change').click();
    await page.getByTestId('me-nickname').fill('E');
    await page.getByTestId('me-save').click();
    await page.getByTestId('me-error').waitFor();
    expect(await page.getByTestId('me-form').isVisible()).toBe(true);
    await page.getByTestId('me-nickname').fill('Eva z Plzně');
    await page.getByTestId('me-org').selectOption({ label: 'Plzeň' });
    await page.getByTestId('me-save').click();
    expect(await page.getByTestId('me-summary').textContent()).toContain('Eva z Plzně, Plzeň');
    // Focus goes back to the button that opened the form.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('me-change');

    await page.reload();
    await page.getByTestId('card').first().waitFor();
    expect(await page.getByTestId('me-summary').textContent()).toContain('Eva z Plzně, Plzeň');

    await page.getByTestId('me-change').click();
    await page.getByTestId('me-nickname').fill('');
    await page.getByTestId('me-org').selectOption({ index: 0 });
    await page.getByTestId('me-save').click();
    expect(await page.getByTestId('me-name').textContent()).toBe('Anonymous');
    expect(await page.getByTestId('me-org-name').count()).toBe(0);
  });
});
