/**
 * A6 label in name (WCAG 2.5.3; issue 18, point 12): a vote button's accessible name begins with
 * what it shows (its count), on the audience's and the panelists' pages, in every language, so a
 * speech user can say what they see. axe's `label-content-name-mismatch` (experimental, so
 * enabled by name in session.ts) checks every page of axe-*.test.ts; here it must also have
 * run, so a rule that silently stayed off would not pass. (It checks only controls named by
 * aria-label; the vote buttons are now named by their content, so the check of the names here
 * is the one that holds them to the rule.)
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { VIEWPORTS } from '../../../support/browser.js';
import { a11ySession, type Lang } from './session.js';

const session = a11ySession();

/** Each vote button's accessible name (as the browser computes it) and its visible text. */
async function voteButtons(page: Page): Promise<{ name: string; visible: string }[]> {
  const buttons = page.getByTestId('vote-button');
  const out: { name: string; visible: string }[] = [];
  for (let i = 0; i < (await buttons.count()); i++) {
    const button = buttons.nth(i);
    const snapshot = await button.ariaSnapshot();
    const name = /^- button "([^"]*)"/.exec(snapshot)?.[1] ?? '';
    const visible = await button.evaluate((el) =>
      [...el.querySelectorAll('*')]
        .filter((node) => node.children.length === 0 && !node.closest('.visually-hidden') && !node.closest('[aria-hidden=true]'))
        .map((node) => node.textContent ?? '')
        .join(' ')
        .replace(/\s+/g, ' ')
        .trim()
    );
    out.push({ name, visible });
  }
  return out;
}

describe('A6 label in name: vote buttons', () => {
  it.each([
    ['audience', 'phone', 'cs'],
    ['audience', 'phone', 'en'],
    ['audience', 'phone', 'uk'],
    ['audience', 'phone', 'vi'],
    ['panelist', 'laptop', 'cs'],
    ['panelist', 'laptop', 'en']
  ] as const)('on the %s page (%s, %s) each name begins with the visible count', async (role, viewport, lang: Lang) => {
    const page = await session.open(session.demo.links[role], lang, VIEWPORTS[viewport]);
    await page.getByTestId('vote-button').first().waitFor();
    const buttons = await voteButtons(page);
    expect(buttons.length).toBeGreaterThan(3);
    for (const { name, visible } of buttons) {
      expect(visible).toMatch(/\d/);
      expect(name.startsWith(visible), `"${name}" begins with "${visible}"`).toBe(true);
      expect(name.length).toBeGreaterThan(visible.length);
    }

    const result = await new AxeBuilder({ page })
      .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
      .withRules(['label-content-name-mismatch'])
      .analyze();
    expect(result.violations.map((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
    // The rule ran (an experimental rule left disabled would be in none of the lists).
    const ran = [...result.passes, ...result.incomplete, ...result.inapplicable].map((r) => r.id);
    expect(ran).toContain('label-content-name-mismatch');
  });
});
