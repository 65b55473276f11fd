import { describe, expect, it } from 'vitest';
import { jsonChunks, type BoardExport } from '../../../../../server/outputs/exports/json.js';
import { parseBoardImport } from '../../../../../server/outputs/exports/json-import.js';
import { markdownChunks, mdText } from '../../../../../server/outputs/exports/markdown.js';
import * as Y from 'yjs';
import { readContent } from '../../../../../src/lib/board/content.js';
import { applyContent } from '../../../../../src/lib/board/restore.js';
import { LOCAL } from '../../../../../src/lib/board/index.js';
import { collect, COMMENT, fixtureInput, HIDDEN_COMMENT, HIDDEN_OPTION, HIDDEN_TEXT, PANGRAM, POLL_QUESTION } from '../../../../helpers/outputs-fixture.js';

describe('Markdown export', () => {
  it('has the report structure with Czech headings by default', () => {
    const md = collect(markdownChunks(fixtureInput({ full: true })));
    expect(md).toMatch(/^# Výzvy integrace – Plzeň\n/);
    for (const heading of [
      '## Shrnutí',
      '### Karty podle typu',
      '### Karty podle organizace',
      '### Karty podle tématu',
      '### Nejvíce hlasů',
      '### Organizace × témata',
      '## Všechny karty podle témat',
      '### Jazyk a vzdělávání',
      '### Nezařazeno'
    ])
      expect(md).toContain(heading);
    expect(md).toContain(PANGRAM);
    expect(md).toContain('Skupina: Jazyk a bydlení');
    expect(md).toContain('2 hlasy');
  });

  it('uses English headings with lang=en', () => {
    const md = collect(markdownChunks(fixtureInput({ full: true, lang: 'en' })));
    expect(md).toContain('## Summary');
    expect(md).toContain('### Organizations × topics');
    expect(md).toContain('2 votes');
  });

  it('lists no hidden card text, and says how many are hidden only to the moderator', () => {
    const full = collect(markdownChunks(fixtureInput({ full: true })));
    expect(full).not.toContain(HIDDEN_TEXT);
    expect(full).toContain('1 skrytá karta není uvedena');
    const pub = collect(markdownChunks(fixtureInput({ full: false })));
    expect(pub).not.toContain(HIDDEN_TEXT);
    expect(pub).not.toContain('skryt');
  });

  it('ranks the cluster as one line by its distinct voters, and lists the clusters with their organizations', () => {
    const md = collect(markdownChunks(fixtureInput({ full: true })));
    const top = md.slice(md.indexOf('### Nejvíce hlasů'), md.indexOf('### Skupiny'));
    expect(top).toContain(`1. ${mdText(PANGRAM)} — Slabina · Brno · 2 hlasy · Skupina: Jazyk a bydlení · 2 karty, uvedly 2 organizace`);
    expect(top).not.toContain('České Budějovice');
    // Only cards with votes rank: the unvoted cards are not "top voted".
    expect(top.match(/^\d+\. /gm)).toHaveLength(1);
    expect(top).not.toContain('Karta bez tématu');
    expect(md).toContain('### Skupiny\n\n| Skupina | Karty | Organizace | Hlasy |\n| --- | --- | --- | --- |\n| Jazyk a bydlení | 2 | 2 | 2 |');
  });

  it('says so when no card has a vote yet', () => {
    const input = fixtureInput({ full: true });
    const md = collect(markdownChunks({ ...input, content: { ...input.content, votes: [] } }));
    expect(md.slice(md.indexOf('### Nejvíce hlasů'), md.indexOf('### Skupiny'))).toContain('Zatím žádná karta nemá hlas.');
  });

  it('has the polls with their results; an option from a hidden card shows no text', () => {
    for (const full of [true, false]) {
      const md = collect(markdownChunks(fixtureInput({ full })));
      expect(md).toContain(`## Ankety\n\n### ${POLL_QUESTION}\n\n_otevřená · jedna volba · 3 hlasující_`);
      expect(md).toContain('| Bydlení v Budějovicích | 2 | 67 % |');
      expect(md).toContain('| Jazykové kurzy pro dospělé | 1 | 33 % |');
      expect(md).toContain('| — | 0 | 0 % |');
      expect(md).toContain('_uzavřená · více voleb · 1 hlasující_');
      expect(md).not.toContain(HIDDEN_OPTION);
    }
  });

  it('lists visible comments under their card, never hidden ones', () => {
    for (const full of [true, false]) {
      const md = collect(markdownChunks(fixtureInput({ full })));
      expect(md).toContain(`- ${mdText(PANGRAM)}  \n  _Slabina · Brno · 2 hlasy · Skupina: Jazyk a bydlení_\n  - ${mdText(COMMENT)} — Olena, Plzeň\n`);
      expect(md).not.toContain(HIDDEN_COMMENT);
    }
  });

  it('escapes Markdown syntax in card text', () => {
    expect(mdText('a *b* | c')).toBe('a \\*b\\* \\| c');
  });
});

describe('JSON export', () => {
  it('is valid JSON with every card, hidden ones flagged, clusters, topics, orgs and pseudonymous votes', () => {
    const data = JSON.parse(collect(jsonChunks(fixtureInput({ full: true })))) as BoardExport;
    expect(data.format).toBe('panel-board.board');
    expect(data.cards.find((c) => c.text === HIDDEN_TEXT)?.hidden).toBe(true);
    expect(data.clusters.map((c) => c.title)).toEqual(['Jazyk a bydlení']);
    expect(data.topics).toHaveLength(6);
    expect(data.orgs).toHaveLength(12);
    expect(data.votes.map((v) => v.voterKey).sort()).toEqual(['voter-1', 'voter-1', 'voter-2']);
    expect(data.meta.title).toBe('Výzvy integrace – Plzeň');
  });

  it('leaves hidden cards out of the public export', () => {
    const data = JSON.parse(collect(jsonChunks(fixtureInput({ full: false })))) as BoardExport;
    expect(data.cards.some((c) => c.hidden)).toBe(false);
  });

  it('holds comments (hidden ones flagged), polls and ballots; the public export drops hidden comments and hidden cards’ option text', () => {
    const full = JSON.parse(collect(jsonChunks(fixtureInput({ full: true })))) as BoardExport;
    expect(full.comments.map((c) => [c.text, c.hidden])).toEqual([
      [COMMENT, false],
      [HIDDEN_COMMENT, true],
      ['=SUM(1)', false]
    ]);
    expect(full.polls.map((p) => [p.question, p.open])).toEqual([
      [POLL_QUESTION, true],
      ['Co funguje nejlépe?', false]
    ]);
    expect(full.pollVotes.filter((v) => v.pollId === full.polls[0].id).map((v) => v.optionIds)).toEqual([['o1'], ['o1'], ['o2']]);
    const pub = JSON.parse(collect(jsonChunks(fixtureInput({ full: false })))) as BoardExport;
    expect(pub.comments.map((c) => c.text)).toEqual([COMMENT, '=SUM(1)']);
    expect(pub.polls[0].options.map((o) => o.text)).toEqual(['Bydlení v Budějovicích', 'Jazykové kurzy pro dospělé', '']);
    expect(JSON.stringify(pub)).not.toContain(HIDDEN_OPTION);
  });

  it('round-trips exactly through import: comments, polls and ballots included', () => {
    const input = fixtureInput({ full: true });
    const parsed = parseBoardImport(JSON.parse(collect(jsonChunks(input))));
    if (!parsed.ok) throw new Error(parsed.message);
    const doc = new Y.Doc();
    applyContent(doc, parsed.board.content, LOCAL);
    expect(readContent(doc)).toEqual(input.content);
  });

  it('imports an export made before comments and polls existed', () => {
    const data = JSON.parse(collect(jsonChunks(fixtureInput({ full: true })))) as Partial<BoardExport>;
    delete data.comments;
    delete data.polls;
    delete data.pollVotes;
    const parsed = parseBoardImport(data);
    expect(parsed.ok && [parsed.board.content.comments, parsed.board.content.polls, parsed.board.content.pollVotes]).toEqual([[], [], []]);
  });

  it('is accepted by the import parser', () => {
    const parsed = parseBoardImport(JSON.parse(collect(jsonChunks(fixtureInput({ full: true })))));
    expect(parsed.ok).toBe(true);
  });

  it('refuses a document that is not a board export', () => {
    expect(parseBoardImport({ format: 'other' }).ok).toBe(false);
  });
});
