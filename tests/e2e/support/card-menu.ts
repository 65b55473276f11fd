/**
 * The moderator console keeps a card's actions in its "⋯" menu (CardMenu.svelte). Tests that
 * click one open the menu first, here, so where the actions live is written once.
 */
import type { Locator, Page } from 'playwright-core';

/** A card in the console's columns (its list item, which holds the card and its menu). */
export const consoleCard = (page: Page, cardId: string): Locator => page.locator(`[data-testid=column] li[data-card-id="${cardId}"]`);

/** Opens the card's menu unless it is open already; `card` is the card or any element around it in its column. */
export async function openCardMenu(card: Locator): Promise<Locator> {
  const button = card.getByTestId('card-menu');
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const panel = card.getByTestId('card-menu-panel');
  await panel.waitFor();
  return panel;
}

/** Clicks the action with test id `action` (spotlight-button, hide-button, redact-button, edit-button, move-right…) in the card's menu. */
export async function cardMenuAction(card: Locator, action: string): Promise<void> {
  const panel = await openCardMenu(card);
  await panel.getByTestId(action).click();
}

/**
 * The projector preview's page takes the focus once as it starts (the console gives it back);
 * keys typed in that moment would go to the frame, so keyboard tests wait until it has started.
 */
export async function previewStarted(page: Page): Promise<void> {
  if ((await page.getByTestId('projector-preview-frame').count()) === 0) return;
  await page.frameLocator('[data-testid=projector-preview-frame]').getByTestId('projector').waitFor();
  // The router focuses the frame's document just after its first render: let that pass too.
  await page.waitForTimeout(500);
}

/**
 * With the keyboard: from the card's menu button (the focus must be on it), Enter opens the menu,
 * the arrows go to `action`, Enter runs it.
 */
export async function keyboardCardMenuAction(page: Page, cardId: string, action: string): Promise<void> {
  const card = consoleCard(page, cardId);
  await previewStarted(page);
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
  if ((await focused()) !== 'card-menu') throw new Error(`the focus is on ${await focused()}, not on the card's menu button`);
  await page.keyboard.press('Enter');
  await card.getByTestId('card-menu-panel').waitFor();
  for (let i = 0; i < 12 && (await focused()) !== action; i++) await page.keyboard.press('ArrowDown');
  if ((await focused()) !== action) throw new Error(`the arrows never reached ${action} in the menu of ${cardId}`);
  await page.keyboard.press('Enter');
}
