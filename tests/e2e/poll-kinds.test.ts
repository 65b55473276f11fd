/**
 * Scale, word-cloud and open-text polls in real Chromium against the built server (docs/protocol.md
 * §3.5 P6–P9; the session: moderator-session.ts):
 *   K1 the moderator launches a 1–10 scale; a phone picks a point; the projector shows the
 *      distribution and the average;
 *   K2 the moderator launches a word cloud; a phone's answer waits for the moderator (not on the
 *      projector) until approved; the projector's cloud grows the repeated word, no two words
 *      overlap and the cloud fits the stage at 1024×768 and 1920×1080;
 *   K3 open-text answers, approved by the moderator, show as cards on the projector and the phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { screenshot, VIEWPORTS } from '../../support/browser.js';
import { call, connectAs, type TestSocket } from '../../support/socket-client.js';
import { waitFor } from '../../support/wait.js';
import { audienceSocket, demo, moderatorSession, open, openSection, pub, server, state } from './moderator-session.js';

moderatorSession();

const moderators: TestSocket[] = [];
afterAll(() => moderators.forEach((s) => s.close()));
async function moderatorSocket(): Promise<TestSocket> {
  const socket = await connectAs(server.url, demo.event.boardId, demo.event.tokens.moderator);
  moderators.push(socket);
  return socket;
}

const SMALL_PROJECTOR = { width: 1024, height: 768 };

async function launch(page: Page, question: string, kind: 'scale' | 'words' | 'open', scaleMax?: 10): Promise<string> {
  await openSection(page, 'polls');
  await page.getByTestId('poll-question').fill(question);
  await page.getByTestId(`poll-kind-${kind}`).check();
  if (scaleMax) await page.getByTestId('poll-scale-max').selectOption(String(scaleMax));
  await page.getByTestId('poll-launch').click();
  const poll = await waitFor(() => state(pub).polls.find((p) => p.question === question), 'the poll on the public board');
  expect(poll.kind).toBe(kind);
  return poll.id;
}

/** Pairs of words whose boxes intersect, and words outside the stage. */
const cloudProblems = (page: Page) =>
  page.evaluate(() => {
    const stage = document.querySelector('[data-testid=projector-poll]')!.getBoundingClientRect();
    const boxes = [...document.querySelectorAll('[data-testid=cloud-word]')].map((el) => ({ text: el.textContent ?? '', r: el.getBoundingClientRect() }));
    const problems: string[] = [];
    for (const [i, a] of boxes.entries()) {
      if (a.r.left < stage.left - 1 || a.r.right > stage.right + 1 || a.r.top < stage.top - 1 || a.r.bottom > stage.bottom + 1) problems.push(`${a.text} outside`);
      for (const b of boxes.slice(i + 1))
        if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1) problems.push(`${a.text} overlaps ${b.text}`);
    }
    return { problems, count: boxes.length };
  });

describe('poll kinds in the browser', () => {
  it('K1 a 1–10 scale: launched by the moderator, answered on a phone, shown as a distribution and an average', async () => {
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    const pollId = await launch(page, 'How well does the city inform newcomers?', 'scale', 10);
    const phone = await open(demo.links.audience, VIEWPORTS.phone);
    const card = phone.getByTestId('poll-card');
    await card.waitFor();
    await card.locator('[data-testid=poll-option][value=o7]').check();
    await screenshot(phone, 'poll-scale-phone-390');
    await card.getByTestId('poll-submit').click();
    await card.getByTestId('poll-results').waitFor();
    for (const point of ['o3', 'o9']) expect(await call(await audienceSocket(), 'poll:vote', { pollId, optionIds: [point] })).toEqual({ ok: true });
    await waitFor(async () => (await card.getByTestId('poll-average').textContent())?.includes('6.3'), 'the average on the phone');
    await screenshot(phone, 'poll-scale-results-phone-390');
    for (const [name, viewport] of [
      ['1920', VIEWPORTS.projector],
      ['1024', SMALL_PROJECTOR]
    ] as const) {
      const projector = await open(demo.links.projector, viewport);
      const chart = projector.getByTestId('scale-chart');
      await chart.waitFor();
      await waitFor(async () => (await chart.getByTestId('scale-average').getAttribute('data-average')) === '6.3', 'the average on the projector');
      expect(await chart.getByTestId('scale-point').evaluateAll((els) => els.map((el) => `${el.getAttribute('data-point')}:${el.getAttribute('data-count')}`))).toEqual([
        '1:0',
        '2:0',
        '3:1',
        '4:0',
        '5:0',
        '6:0',
        '7:1',
        '8:0',
        '9:1',
        '10:0'
      ]);
      expect(await projector.getByTestId('projector-poll').evaluate((el) => el.scrollHeight <= el.clientHeight + 2)).toBe(true);
      await screenshot(projector, `poll-scale-projector-${name}`);
    }
  });

  it('K2 a word cloud: a phone’s answer waits for the moderator, then the projector shows the cloud without overlaps', async () => {
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    const pollId = await launch(page, 'One word: what does your city need?', 'words');
    const projector = await open(demo.links.projector, VIEWPORTS.projector);
    await projector.getByTestId('word-cloud-empty').waitFor();
    const phone = await open(demo.links.audience, VIEWPORTS.phone);
    const card = phone.getByTestId('poll-card');
    await card.getByTestId('poll-answer-input').fill('Housing');
    await card.getByTestId('poll-answer-submit').click();
    await card.getByTestId('poll-answer-sent').waitFor();
    await screenshot(phone, 'poll-words-phone-390');
    // Waiting: in the moderator's list, nowhere public.
    const pending = page.locator('[data-testid=poll-answer][data-status=pending]').filter({ hasText: 'Housing' });
    await pending.waitFor();
    expect(state(pub).pollAnswers.get(pollId)).toBeUndefined();
    expect(await projector.getByTestId('cloud-word').count()).toBe(0);
    await pending.getByTestId('poll-answer-approve').click();
    await projector.getByTestId('cloud-word').filter({ hasText: 'Housing' }).waitFor();
    // A hall's worth: the repeated word grows, and 40-character answers wrap inside the stage. Three
    // answers a phone; one phone's same answer twice is one answer, so repeats come from other phones.
    const words = ['housing!', 'Schools', 'Interpreters', 'HOUSING', 'schools', 'Czech courses for adults in the evening', 'Kindergartens', 'Doctors'];
    for (let i = 0; i < 30; i++) words.push(`word${i}`);
    // Decided from a moderator socket of its own per phone: one socket's actions are paced (20 a second).
    for (let i = 0; i < words.length; i += 3) {
      const [socket, moderator] = [await audienceSocket(), await moderatorSocket()];
      for (const text of words.slice(i, i + 3)) {
        const sent = await call<{ answerId: string }>(socket, 'poll:answer', { pollId, text });
        if (!sent.ok) throw new Error(sent.message);
        expect(await call(moderator, 'poll:answer:decide', { answerId: sent.data.answerId, decision: 'approve' })).toEqual({ ok: true });
      }
    }
    const top = projector.locator('[data-testid=cloud-word][data-rank="1"]');
    await waitFor(async () => (await top.getAttribute('data-count')) === '3', 'Housing counted three times');
    expect(await top.textContent()).toContain('Housing');
    await waitFor(async () => (await projector.getByTestId('cloud-word').count()) === 36, 'every distinct answer in the cloud');
    for (const [name, viewport] of [
      ['1920', VIEWPORTS.projector],
      ['1024', SMALL_PROJECTOR]
    ] as const) {
      await projector.setViewportSize(viewport);
      await projector.waitForTimeout(300);
      expect(await cloudProblems(projector)).toEqual({ problems: [], count: 36 });
      await screenshot(projector, `poll-words-projector-${name}`);
    }
    await phone.getByTestId('word-cloud').waitFor();
    await screenshot(phone, 'poll-words-results-phone-390');
  });

  it('K3 open text: approved answers show as cards on the projector and the phone; rejected ones never do', async () => {
    const page = await open(demo.links.moderator, VIEWPORTS.laptop);
    const pollId = await launch(page, 'What would you tell the city hall?', 'open');
    const phone = await open(demo.links.audience, VIEWPORTS.phone);
    const card = phone.getByTestId('poll-card');
    await card.getByTestId('poll-answer-input').fill('Please put forms online in English and Ukrainian, not only in Czech.');
    await card.getByTestId('poll-answer-submit').click();
    await card.getByTestId('poll-answer-sent').waitFor();
    const socket = await audienceSocket();
    const spam = await call<{ answerId: string }>(socket, 'poll:answer', { pollId, text: 'Buy cheap watches here' });
    expect(spam.ok).toBe(true);
    const items = page.locator('[data-testid=poll-answer][data-status=pending]');
    await waitFor(async () => (await items.count()) === 2, 'two answers waiting');
    await screenshot(page, 'poll-open-moderator-1366');
    await items.filter({ hasText: 'Buy cheap' }).getByTestId('poll-answer-reject').click();
    await items.filter({ hasText: 'forms online' }).getByTestId('poll-answer-approve').click();
    for (let i = 0; i < 10; i++) {
      const sent = await call<{ answerId: string }>(await audienceSocket(), 'poll:answer', {
        pollId,
        text: `Answer ${i + 1}: longer opening hours at the foreign police office, and someone who explains the letters we get.`
      });
      if (!sent.ok) throw new Error(sent.message);
      expect(await call(await moderatorSocket(), 'poll:answer:decide', { answerId: sent.data.answerId, decision: 'approve' })).toEqual({ ok: true });
    }
    await waitFor(() => state(pub).pollAnswers.get(pollId)?.length === 11, 'eleven approved answers');
    expect(
      state(pub)
        .pollAnswers.get(pollId)
        ?.some((a) => a.text.includes('watches'))
    ).toBe(false);
    for (const [name, viewport] of [
      ['1920', VIEWPORTS.projector],
      ['1024', SMALL_PROJECTOR]
    ] as const) {
      const projector = await open(demo.links.projector, viewport);
      await projector.getByTestId('answer-cards').waitFor();
      expect(await projector.getByTestId('answer-card').count()).toBe(9);
      expect(await projector.getByTestId('answer-cards-more').textContent()).toContain('2 more');
      expect(await projector.getByText('watches').count()).toBe(0);
      expect(await projector.getByTestId('projector-poll').evaluate((el) => el.scrollHeight <= el.clientHeight + 2)).toBe(true);
      await screenshot(projector, `poll-open-projector-${name}`);
    }
    await waitFor(async () => (await card.getByTestId('answer-card').count()) === 11, 'the cards on the phone');
    await screenshot(phone, 'poll-open-results-phone-390');
  });
});
