/**
 * Regenerates the README screenshots in docs/screenshots/ from a running build.
 *
 *   npm run build && npm run screenshots
 *
 * Builds nothing itself: starts dist/server/main.js on a free port with a temporary DATA_DIR,
 * seeds a demo board (support/demo-board.ts) and drives Debian's Chromium.
 */
import { mkdir, stat } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { ProjectorStyle, ProjectorView } from '../src/lib/board/types.js';
import { runBrowserScript } from '../support/browser-script.js';
import { VIEWPORTS } from '../support/browser.js';
import { createDemoBoard, createEvent, type DemoBoard } from '../support/demo-board.js';
import { waitFor } from '../support/wait.js';

const OUT = 'docs/screenshots';
const MAX_BYTES = 300 * 1024;

type Viewport = { width: number; height: number };

/** 1920 × 1080 layouts are rendered at 0.75 device pixels per CSS pixel (1440 × 810 PNGs), to stay under 300 KB. */
async function open(browser: Browser, url: string, viewport: Viewport, locale = 'cs-CZ'): Promise<Page> {
  const deviceScaleFactor = viewport.width >= 1920 ? 0.75 : 1;
  const context = await browser.newContext({ viewport, locale, reducedMotion: 'reduce', deviceScaleFactor });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  // Let fonts, the QR code and the pager's measurement settle; this is a picture, not a test.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(600);
  const path = `${OUT}/${name}.png`;
  await page.screenshot({ path });
  const { size } = await stat(path);
  const note = size > MAX_BYTES ? '  (over 300 KB!)' : '';
  console.log(`${path}  ${Math.round(size / 1024)} KB${note}`);
}

/** The console's projector preview has drawn the board. */
async function previewShown(page: Page): Promise<void> {
  await page.frameLocator('[data-testid=projector-preview-frame]').getByTestId('card').first().waitFor();
}

async function projectorShows(page: Page, mode: string): Promise<void> {
  await page.locator(`[data-testid=projector][data-mode=${mode}]`).waitFor();
}

async function projectorView(demo: DemoBoard, page: Page, name: string, view: ProjectorView): Promise<void> {
  await demo.moderate('board:projector', view);
  await projectorShows(page, view.mode);
  await shoot(page, `projector-${name}`);
}

async function style(demo: DemoBoard, page: Page, patch: Partial<ProjectorStyle>): Promise<void> {
  await demo.moderate('board:projector-style', patch);
  if (patch.projectorTheme) await page.locator(`[data-testid=projector][data-theme=${patch.projectorTheme}]`).waitFor();
  if (patch.projectorLang) await page.locator(`[data-testid=projector][data-lang=${patch.projectorLang}]`).waitFor();
}

/**
 * The audience's side on a phone (join, submit, follow the status, vote in a poll), the
 * moderator's queue, and the projector's poll and reactions.
 */
async function participation(browser: Browser, url: string, demo: DemoBoard, projector: Page): Promise<void> {
  const code = demo.event.response.boards.find((b) => b.id === demo.event.boardId)!.joinCode;
  const phone = await open(browser, `${url}/`, VIEWPORTS.phone);
  await phone.getByTestId('join-code').fill(code);
  await shoot(phone, 'audience-join');
  await phone.getByTestId('join-submit').click();
  await phone.getByTestId('participate').waitFor();
  await phone.getByTestId('me-change').click();
  await phone.getByTestId('me-nickname').fill('Olena');
  await phone.getByTestId('me-org').selectOption({ index: 3 });
  await phone.getByTestId('me-save').click();
  const texts = ['Dá se na cizinecké policii objednat online i v angličtině?', 'Kdo platí tlumočníka při zápisu dítěte do školy?', 'Parkování u konferenčního centra je drahé'];
  await phone.getByTestId('submit-open').click();
  await phone.getByTestId('submit-kind-question').check();
  await phone.getByTestId('submit-text').fill(texts[0]);
  await shoot(phone, 'audience-submit');
  await phone.getByTestId('submit-button').click();
  for (const text of texts.slice(1)) {
    if (await phone.getByTestId('submit-open').isVisible()) await phone.getByTestId('submit-open').click();
    await phone.getByTestId('submit-text').fill(text);
    await phone.getByTestId('submit-button').click();
  }
  const mine = phone.getByTestId('submission');
  await waitFor(async () => (await phone.locator('[data-testid=submission][data-state=pending]').count()) === 3, 'three submissions waiting');

  const moderator = await open(browser, demo.links.moderator, VIEWPORTS.laptop);
  const queue = moderator.getByTestId('queue-section');
  await queue.waitFor();
  if (!(await queue.evaluate((el) => (el as HTMLDetailsElement).open))) await moderator.locator('[data-testid=queue-section] > summary').click();
  await waitFor(async () => (await moderator.getByTestId('queue-item').count()) === 3, 'three items in the queue');
  await queue.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shoot(moderator, 'moderator-queue');
  const item = (text: string) => moderator.getByTestId('queue-item').filter({ hasText: text });
  await item(texts[0]).getByTestId('queue-approve').click();
  await item(texts[2]).getByTestId('queue-reject').click();
  await item(texts[2]).getByTestId('queue-reject-off-topic').click();
  await waitFor(async () => (await phone.locator('[data-testid=submission][data-state=rejected]').count()) === 1, 'the rejection on the phone');
  await waitFor(async () => (await phone.locator('[data-testid=submission][data-state=approved]').count()) === 1, 'the approval on the phone');
  await mine.first().evaluate((el) => el.closest('[data-testid=my-submissions]')?.scrollIntoView({ block: 'center' }));
  await shoot(phone, 'audience-status');

  const { cards } = demo.state();
  await demo.moderate('poll:create', {
    question: 'Která past je nejnaléhavější?',
    multiple: false,
    options: cards.slice(0, 4).map((c) => ({ text: c.text.slice(0, 110), cardId: c.id }))
  });
  await phone.getByTestId('poll-card').waitFor();
  await phone.getByTestId('poll-card').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await shoot(phone, 'audience-poll');
  await phone.getByTestId('poll-option').nth(1).check();
  await phone.getByTestId('poll-submit').click();
  await phone.getByTestId('poll-results').waitFor();
  await projector.getByTestId('projector-poll').waitFor();
  const reactions = phone.getByTestId('reaction');
  for (let i = 0; i < 6; i += 1) await reactions.nth(i % 3).click();
  await projector.getByTestId('reaction-float').first().waitFor();
  await shoot(projector, 'projector-reactions');
  await demo.moderate('poll:show', { pollId: null });
  await projector.getByTestId('projector-poll').waitFor({ state: 'detached' });
  await phone.context().close();
  await moderator.context().close();
}

runBrowserScript(async ({ server, browser }) => {
  await mkdir(OUT, { recursive: true });
  const demo = await createDemoBoard({ url: server.url, lang: 'cs' });
  await demo.moderate('board:timer', { op: 'set', label: 'Kolo 1', durationMs: 12 * 60_000 });

  const audience = await open(browser, demo.links.audience, VIEWPORTS.phone);
  await audience.getByTestId('card').first().waitFor();
  await shoot(audience, 'audience-phone');

  const panelist = await open(browser, demo.links.panelist, VIEWPORTS.laptop);
  await panelist.getByTestId('identity-name').fill('Jana Nováková');
  await panelist.getByTestId('identity-org').selectOption({ index: 2 });
  await panelist.getByTestId('identity-save').click();
  await panelist.getByTestId('post-text').fill('Chybí jedno místo, kde se noví obyvatelé dozvědí');
  await panelist.getByTestId('card').first().waitFor();
  await shoot(panelist, 'panelist');

  const moderator = await open(browser, demo.links.moderator, VIEWPORTS.laptop);
  await moderator.getByTestId('card').first().waitFor();
  await previewShown(moderator);
  await shoot(moderator, 'moderator');
  // A card's actions in its menu, and the panelist link's QR code in the links panel.
  await moderator.getByTestId('role-qr-toggle').first().click();
  await moderator.locator('[data-testid=role-qr][data-ready]').first().waitFor();
  await moderator.locator('[data-testid=column] [data-testid=card-menu]').nth(1).click();
  await shoot(moderator, 'moderator-menu-links');
  const moderatorWide = await open(browser, demo.links.moderator, VIEWPORTS.projector);
  await moderatorWide.getByTestId('card').first().waitFor();
  await previewShown(moderatorWide);
  await shoot(moderatorWide, 'moderator-1920');

  const projector = await open(browser, demo.links.projector, VIEWPORTS.projector);
  await projector.getByTestId('card').first().waitFor();
  const { topics, orgs } = demo.state();
  await projectorView(demo, projector, 'board', { mode: 'board' });
  // The same board on the common smaller beamers: the type and columns follow the screen.
  for (const viewport of [{ width: 1024, height: 768 }, VIEWPORTS.laptop]) {
    const small = await open(browser, demo.links.projector, viewport);
    await small.locator('[data-testid=projector-pager][data-settled=true]').waitFor();
    await shoot(small, `projector-board-${viewport.width}`);
    await small.context().close();
  }
  await projectorView(demo, projector, 'topic', { mode: 'topic', topicId: topics[0].id });
  await projectorView(demo, projector, 'org', { mode: 'org', orgId: orgs[0].id });
  await projectorView(demo, projector, 'top', { mode: 'top', limit: 5 });
  await projectorView(demo, projector, 'matrix', { mode: 'matrix' });

  await demo.moderate('board:projector', { mode: 'board' });
  await projectorShows(projector, 'board');
  await demo.moderate('card:spotlight', { cardId: demo.cardIds[6] });
  await projector.getByTestId('spotlight-overlay').waitFor();
  await shoot(projector, 'projector-spotlight');
  await demo.moderate('card:spotlight', { cardId: null });
  await projector.getByTestId('spotlight-overlay').waitFor({ state: 'detached' });

  await style(demo, projector, { projectorTheme: 'dark' });
  await shoot(projector, 'projector-theme-dark');
  await style(demo, projector, { projectorTheme: 'contrast' });
  await shoot(projector, 'projector-theme-contrast');
  await style(demo, projector, { projectorTheme: 'light', projectorLargeText: true });
  await shoot(projector, 'projector-large-text');
  await style(demo, projector, { projectorLargeText: false, projectorLang: 'both' });
  await shoot(projector, 'projector-bilingual');
  await style(demo, projector, { projectorLang: 'auto' });

  await participation(browser, server.url, demo, projector);

  // A big board: 300 cards at the type's floor; the board pages as one, with one indicator.
  await demo.addCards(300 - demo.cardIds.length);
  await waitFor(async () => (await projector.getByTestId('card').count()) > 6, 'the big board on the projector');
  await projector.waitForTimeout(1500);
  await shoot(projector, 'projector-300-cards');
  await style(demo, projector, { projectorTheme: 'dark' });
  await shoot(projector, 'projector-300-cards-dark');

  // Empty, error and offline states.
  const empty = await createEvent(server.url, { title: 'Výzvy integrace 2026', place: 'Nová radnice, Praha', lang: 'cs' });
  const emptyLinks = empty.response.links[empty.boardId];
  const emptyProjector = await open(browser, emptyLinks.projector, VIEWPORTS.projector);
  await emptyProjector.getByTestId('join-invite').waitFor();
  await emptyProjector.locator('[data-testid=join-invite] svg').waitFor();
  await shoot(emptyProjector, 'projector-empty');
  const emptyAudience = await open(browser, emptyLinks.audience, VIEWPORTS.phone);
  await emptyAudience.getByTestId('state-empty').waitFor();
  await shoot(emptyAudience, 'state-empty-phone');

  const badLink = await open(browser, demo.links.audience.replace(/t=[^&]+/, 't=wrong-token'), VIEWPORTS.phone);
  // The server refuses a bad link before the app loads, with its own bilingual page.
  await badLink.waitForLoadState('networkidle');
  await shoot(badLink, 'state-bad-link-phone');
  const offline = await open(browser, demo.links.panelist, VIEWPORTS.phone);
  await offline.getByTestId('identity-name').fill('Petr Svoboda');
  await offline.getByTestId('identity-save').click();
  await offline.getByTestId('post-text').fill('Psáno bez připojení: ubytovny jako jediná dostupná forma bydlení.');
  demo.close();
  await server.stop();
  await offline.getByTestId('offline-banner').waitFor({ timeout: 20_000 });
  await shoot(offline, 'state-offline-phone');
});
