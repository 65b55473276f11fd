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
    if (parseFloat(s.fontSize) < floorShare * vh - 0.05) problems.push(name + ': type ' + s.fontSize + ' below ' + (floorShare * vh).toFixed(1) + 'px');
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
  const pager = document.querySelector('[data-testid=projector-pager]');
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
