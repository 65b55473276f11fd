/**
 * Privacy in the browser (docs/privacy.md §5–7), real Chromium against the built server:
 *   P1  the join page shows the privacy notice, in English and in Czech;
 *   P2  the moderator sets the organiser's contact in the console's privacy settings; the phone
 *       (390×844) shows it in its notice, with the last day kept, in Czech and in English;
 *   P3  the name-consent box at the nickname is unticked by default; a nickname given without it
 *       stays off the public outputs page and the public export, one given with it shows there;
 *   P4  "delete this event now" asks for the event's title first (a wrong one deletes nothing),
 *       then the event is gone: its API answers 404 and the console says it was deleted.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import type { ServerProcess } from '../../support/server-process.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { createTestEvent, type TestEvent } from '../helpers/test-server.js';
import { browserTest } from '../fixtures.js';

const TITLE = 'Výzvy integrace 2026';
const CONTACT = 'Magistrát, Jan Novák, ochrana.udaju@praha.example, +420 236 000 111';
const WITHOUT = { nickname: 'Olena K', text: 'Will the forms be in Ukrainian too?' };
const WITH = { nickname: 'Ahmed S', text: 'Could the office open on Saturdays?' };

let browser: Browser;
let server: ServerProcess;
let ev: TestEvent;
let moderator: TestSocket;
const contexts: BrowserContext[] = [];

async function open(url: string, viewport: { width: number; height: number }, locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(url);
  return page;
}

/** Opens the notice (a <details>) and returns its text. */
async function noticeText(page: Page): Promise<string> {
  const notice = page.getByTestId('privacy-notice');
  await notice.waitFor();
  if (!(await notice.evaluate((el) => (el as HTMLDetailsElement).open))) await notice.locator('summary').click();
  return notice.innerText();
}

async function openPrivacySection(page: Page): Promise<void> {
  const section = page.getByTestId('privacy-section');
  await section.waitFor();
  if (!(await section.evaluate((el) => (el as HTMLDetailsElement).open))) await section.locator('summary').click();
  await page.getByTestId('privacy-contact').waitFor();
}

const audienceLink = (e: TestEvent = ev) => e.response.links[e.boardId].audience;
const moderatorLink = (e: TestEvent = ev) => e.response.links[e.boardId].moderator;

browserTest.beforeAll(async ({ app, browser: chromium }) => {
  browser = chromium;
  server = app;
  ev = await createTestEvent(server.url, { title: TITLE, lang: 'cs', date: '2026-11-27' });
  moderator = await connectAs(server.url, ev.boardId, ev.tokens.moderator);
});

afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
});

afterAll(() => moderator?.close());

describe('the privacy notice', () => {
  it('P1 the join page shows it, in English and in Czech', async () => {
    const en = await noticeText(await open(`${server.url}/join`, VIEWPORTS.phone));
    expect(en).toContain('Privacy');
    expect(en).toContain('What is stored');
    expect(en).toContain('Who sees it');
    expect(en).toContain('How long');
    expect(en).toContain('Whom to ask');
    const csPage = await open(`${server.url}/join`, VIEWPORTS.phone, 'cs-CZ');
    const cs = await noticeText(csPage);
    expect(cs).toContain('Ochrana osobních údajů');
    expect(cs).toContain('Co se ukládá');
    expect(cs).toContain('Kdo to uvidí');
    expect(cs).toContain('Jak dlouho');
    expect(cs).toContain('Na koho se obrátit');
    await screenshot(csPage, 'privacy-join-cs-390');
  });

  it('P2 the contact the moderator sets in the console shows on the phone, with the last day kept, in Czech and in English', async () => {
    const settings = await open(moderatorLink(), VIEWPORTS.laptop);
    await openPrivacySection(settings);
    await settings.getByTestId('privacy-contact').fill(CONTACT);
    await settings.getByTestId('privacy-save').click();
    await expect(settings.getByTestId('privacy-message').innerText()).resolves.toBe('Privacy settings saved.');
    await settings.getByTestId('privacy-settings').scrollIntoViewIfNeeded();
    await screenshot(settings, 'privacy-console-1366');
    // The beamer laptop's 1024×768: the section fits beside the board.
    const small = await open(moderatorLink(), { width: 1024, height: 768 });
    await openPrivacySection(small);
    expect(await small.getByTestId('privacy-contact').inputValue()).toBe(CONTACT);
    await small.getByTestId('privacy-settings').scrollIntoViewIfNeeded();
    await screenshot(small, 'privacy-console-1024');

    const cs = await open(audienceLink(), VIEWPORTS.phone, 'cs-CZ');
    const csText = await noticeText(cs);
    expect(csText).toContain(`Na koho se obrátit: ${CONTACT}`);
    expect(await cs.getByTestId('privacy-kept').innerText()).toMatch(/Jak dlouho: do 27\. listopadu 2027/);
    await cs.getByTestId('privacy-notice').scrollIntoViewIfNeeded();
    await screenshot(cs, 'privacy-notice-phone-cs-390');

    const en = await open(audienceLink(), VIEWPORTS.phone);
    const enText = await noticeText(en);
    expect(enText).toContain(`Whom to ask: ${CONTACT}`);
    expect(await en.getByTestId('privacy-kept').innerText()).toMatch(/How long: until November 27, 2027/);
    await en.getByTestId('privacy-notice').scrollIntoViewIfNeeded();
    await screenshot(en, 'privacy-notice-phone-en-390');
  }, 180_000);
});

describe('names only with consent', () => {
  const mine = (page: Page, text: string) => page.getByTestId('submission').filter({ hasText: text });

  /** Gives the nickname (ticking the consent box or not), submits a question, and has the moderator approve it. */
  async function askAs(page: Page, who: { nickname: string; text: string }, consent: boolean): Promise<void> {
    await page.getByTestId('me-change').click();
    const box = page.getByTestId('me-name-consent');
    if (consent) await box.check();
    await page.getByTestId('me-nickname').fill(who.nickname);
    await page.getByTestId('me-save').click();
    if (await page.getByTestId('submit-open').isVisible()) await page.getByTestId('submit-open').click();
    await page.getByTestId('submit-kind-question').check();
    await page.getByTestId('submit-text').fill(who.text);
    await page.getByTestId('submit-button').click();
    const id = await waitFor(() => mine(page, who.text).getAttribute('data-submission-id', { timeout: 2_000 }), 'the submission to be filed');
    const approved = await call(moderator, 'queue:approve', { submissionId: id });
    expect(approved.ok, JSON.stringify(approved)).toBe(true);
    await waitFor(async () => (await mine(page, who.text).getAttribute('data-state')) === 'approved', 'shown');
  }

  it('P3 the box is unticked by default; only the nickname given with it reaches the public outputs page and export', async () => {
    const phone = await open(audienceLink(), VIEWPORTS.phone);
    await phone.getByTestId('me-change').click();
    expect(await phone.getByTestId('me-name-consent').isChecked(), 'unticked by default').toBe(false);
    await phone.getByTestId('me-nickname').fill(WITHOUT.nickname);
    await screenshot(phone, 'privacy-name-consent-390');
    await phone.getByRole('button', { name: 'Cancel' }).click();
    await askAs(phone, WITHOUT, false);
    await askAs(phone, WITH, true);

    const published = await fetch(`${server.url}/api/events/${ev.response.eventId}/outputs?t=${ev.tokens.moderator}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ published: true })
    });
    expect(published.status).toBe(200);
    const outputs = await open(`${server.url}/outputs/${ev.response.eventId}`, VIEWPORTS.laptop);
    await outputs.getByTestId('card').filter({ hasText: WITH.text }).first().waitFor();
    const page = await outputs.locator('body').innerText();
    expect(page).toContain(WITHOUT.text);
    expect(page, 'the name given with consent').toContain(WITH.nickname);
    expect(page, 'the name given without consent').not.toContain(WITHOUT.nickname);
    const csv = await (await fetch(new URL((await outputs.getByTestId('download-csv').first().getAttribute('href'))!, server.url))).text();
    expect(csv).toContain(WITHOUT.text);
    expect(csv).toContain(WITH.nickname);
    expect(csv).not.toContain(WITHOUT.nickname);
  }, 120_000);
});

describe('deleting the event now', () => {
  it('P4 asks for the title first (a wrong one deletes nothing), then the event is gone', async () => {
    const doomed = await createTestEvent(server.url, { title: 'Zkušební akce ke smazání', lang: 'cs' });
    const eventApi = `${server.url}/api/events/${doomed.response.eventId}?t=${doomed.tokens.moderator}`;
    const page = await open(moderatorLink(doomed), VIEWPORTS.laptop);
    await openPrivacySection(page);
    const button = page.getByTestId('event-delete-button');
    expect(await button.isDisabled(), 'nothing typed yet').toBe(true);

    await page.getByTestId('event-delete-confirm').fill('Jiná akce');
    await button.click();
    await expect(page.getByTestId('event-delete-error').innerText()).resolves.toBe('The title does not match.');
    expect((await fetch(eventApi)).status, 'still there').toBe(200);

    await page.getByTestId('event-delete-confirm').fill('zkušební akce KE SMAZÁNÍ');
    expect(await page.getByTestId('event-delete-error').count(), 'the last verdict goes once the title is typed again').toBe(0);
    await page.getByTestId('event-delete').scrollIntoViewIfNeeded();
    await screenshot(page, 'privacy-delete-confirm-1366');
    await button.click();
    await page.getByTestId('fatal-banner').waitFor();
    expect(await page.getByTestId('fatal-banner').innerText()).toContain('This event was deleted');
    expect((await fetch(eventApi)).status).toBe(404);
    expect((await fetch(`${server.url}/api/boards/${doomed.boardId}?t=${doomed.tokens.audience}`)).status).toBe(404);
  });
});
