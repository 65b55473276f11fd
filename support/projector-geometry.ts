/**
 * What the projector geometry test checks in the page, for every visible card, in one pass.
 * Plain JavaScript in a string, so no compiler helper ends up in the page.
 */
export interface Geometry {
  problems: string[];
  /** Cards on the page shown (the spotlight's card in spotlight mode). */
  cards: number;
  pages: number;
  /** The fewest cards on a full page (every page but the last). */
  pageCards: number;
  columns: number;
  font: number;
}

const CHECK = `(({ floorShare }) => {
  const vw = innerWidth, vh = innerHeight;
  // The type floor is a share of the screen's short side (its height, or its width in portrait).
  const shortSide = Math.min(vw, vh);
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollHeight > vh || doc.scrollWidth > vw) problems.push('the page scrolls: ' + doc.scrollWidth + '×' + doc.scrollHeight);
  const spot = document.querySelector('[data-testid=spotlight-overlay]');
  const cards = [...(spot ?? document).querySelectorAll('[data-testid=card]')];
  const short = (t) => t.replace(/\\s+/g, ' ').slice(0, 40);
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const screen = { left: 0, top: 0, right: vw, bottom: vh };
  for (const card of cards) {
    const text = card.querySelector('[data-testid=card-text]');
    const name = short(text?.textContent ?? card.textContent ?? '');
    const r = card.getBoundingClientRect();
    if (!inside(r, screen)) problems.push(name + ': outside the screen');
    // Two pixels of slack for rounding: scroll sizes round up, client sizes down.
    if (card.scrollHeight > card.clientHeight + 2 || card.scrollWidth > card.clientWidth + 2) problems.push(name + ': clipped by its card');
    // Every ancestor that hides overflow must hold the card whole.
    for (let el = card.parentElement; el && el !== document.body; el = el.parentElement) {
      const o = getComputedStyle(el);
      if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
      if (!inside(r, el.getBoundingClientRect())) {
        problems.push(name + ': cut by ' + (el.dataset.testid ?? el.className));
        break;
      }
    }
    if (!text) continue;
    const s = getComputedStyle(text);
    if (s.textOverflow === 'ellipsis' || (s.webkitLineClamp && s.webkitLineClamp !== 'none')) problems.push(name + ': ellipsis or line clamp');
    if (text.scrollHeight > text.clientHeight + 1 || text.scrollWidth > text.clientWidth + 1) problems.push(name + ': text overflows');
    if (parseFloat(s.fontSize) < floorShare * shortSide - 0.05) problems.push(name + ': type ' + s.fontSize + ' below ' + (floorShare * shortSide).toFixed(1) + 'px');
    if (s.wordBreak === 'break-all') problems.push(name + ': break-all');
    // A word whose line boxes sit on more than one line was split. (Debian's Chromium has no
    // hyphenation dictionary: hyphens: auto never applies here, so every split is a failure.)
    const range = document.createRange();
    for (const node of text.childNodes) {
      if (node.nodeType !== 3) continue;
      for (const m of node.data.matchAll(/\\S+/g)) {
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
        if (tops.size > 1) problems.push(name + ': word "' + m[0] + '" split over ' + tops.size + ' lines');
      }
    }
  }
  // The header: the title whole and wide enough to read, the join code on the screen.
  const title = document.querySelector('[data-testid=board-title]');
  if (title && (title.clientWidth < vw * 0.15 || title.scrollWidth > title.clientWidth + 2 || title.scrollHeight > title.clientHeight + 2)) problems.push('the title is cut or squeezed: ' + [title.clientWidth, title.scrollWidth, title.clientHeight, title.scrollHeight].join(' ') + ' (client and scroll width, height)');
  if (title?.dataset.fit === 'floor') problems.push('the title was left at its smallest type (it did not fit even there when measured)');
  const code = document.querySelector('[data-testid=projector-join-code]');
  if (code && !inside(code.getBoundingClientRect(), screen)) problems.push('the join code is off the screen');
  const indicatorBox = document.querySelector('[data-testid=page-indicator]');
  if (indicatorBox && !inside(indicatorBox.getBoundingClientRect(), screen)) problems.push('the page indicator is off the screen');
  const pager = document.querySelector('[data-testid=projector-pager]');
  // On the board, every column opens with its topic: a heading, or the heading repeated where a topic continues.
  if (document.querySelector('[data-testid=projector]')?.dataset.mode === 'board' && !document.querySelector('[data-testid=spotlight-overlay], [data-testid=projector-poll]')) {
    (pager?.querySelectorAll('.view > .slot') ?? []).forEach((slot, i) => {
      const first = slot.firstElementChild;
      if (first && !first.matches('h2, [data-testid=topic-continued]')) problems.push('column ' + (i + 1) + ' opens without its topic');
    });
  }
  const indicator = document.querySelector('[data-testid=page-indicator]');
  return {
    problems,
    cards: cards.length,
    pages: Number(indicator?.dataset.pages ?? 1),
    pageCards: Number(pager?.dataset.pageCards ?? 0),
    columns: Number(pager?.dataset.columns ?? 0),
    font: Number(pager?.dataset.font ?? 0)
  };
})`;

/** The expression to evaluate in the page; `floorShare` is the type floor as a share of the screen height. */
export const geometryCheck = (floorShare: number): string => `${CHECK}(${JSON.stringify({ floorShare })})`;
