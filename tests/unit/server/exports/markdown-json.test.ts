import { describe, expect, it } from 'vitest';
import { jsonChunks, type BoardExport } from '../../../../server/exports/json.js';
import { parseBoardImport } from '../../../../server/exports/json-import.js';
import { markdownChunks, mdText } from '../../../../server/exports/markdown.js';
import { collect, fixtureInput, HIDDEN_TEXT, PANGRAM } from '../../../helpers/outputs-fixture.js';

describe('Markdown export', () => {
  it('has the report structure with Czech headings by default', () => {
    const md = collect(markdownChunks(fixtureInput({ full: true })));
    expect(md).toMatch(/^# Výzvy integrace – Plzeň\n/);
    for (const heading of ['## Shrnutí', '### Karty podle typu', '### Karty podle organizace', '### Karty podle tématu', '### Nejvíce hlasů', '### Organizace × témata', '## Všechny karty podle témat', '### Jazyk a vzdělávání', '### Nezařazeno'])
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

  it('is accepted by the import parser', () => {
    const parsed = parseBoardImport(JSON.parse(collect(jsonChunks(fixtureInput({ full: true })))));
    expect(parsed.ok).toBe(true);
  });

  it('refuses a document that is not a board export', () => {
    expect(parseBoardImport({ format: 'other' }).ok).toBe(false);
  });
});
