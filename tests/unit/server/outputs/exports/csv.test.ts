import { describe, expect, it } from 'vitest';
import { csvCell, csvChunks, CSV_COLUMNS, CSV_POLL_COLUMNS, parseCsv } from '../../../../../server/outputs/exports/csv.js';
import { collect, COMMENT, fixtureInput, HIDDEN_COMMENT, HIDDEN_OPTION, HIDDEN_TEXT, PANGRAM, POLL_QUESTION, TRICKY } from '../../../../helpers/outputs-fixture.js';

/** The card table: every row up to the empty row before the polls table. */
const cardRows = (rows: string[][]): string[][] =>
  rows.slice(
    0,
    rows.findIndex((r) => r.length === 1 && r[0] === '')
  );
const pollRows = (rows: string[][]): string[][] => rows.slice(rows.findIndex((r) => r.length === 1 && r[0] === '') + 1);

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and a header of every card field', () => {
    const text = collect(csvChunks(fixtureInput({ full: true })));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text)[0]).toEqual([...CSV_COLUMNS]);
  });

  it('round-trips commas, quotes and newlines, and neutralises formula-like cells with a single quote', () => {
    const rows = cardRows(parseCsv(collect(csvChunks(fixtureInput({ full: true })))));
    const textCol = CSV_COLUMNS.indexOf('text');
    const texts = rows.slice(1).map((r) => r[textCol]);
    expect(texts).toContain(PANGRAM);
    expect(texts).toContain('a, "quoted"\nsecond line');
    for (const t of TRICKY.filter((x) => /^[=+\-@]/.test(x))) expect(texts).toContain(`'${t}`);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('quotes every text cell per RFC 4180, and leaves numbers and booleans bare', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell(3)).toBe('3');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(NaN)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('gives the moderator hidden cards flagged, and the public none', () => {
    const hiddenCol = CSV_COLUMNS.indexOf('hidden');
    const full = parseCsv(collect(csvChunks(fixtureInput({ full: true }))));
    const hiddenRow = full.find((r) => r.includes(HIDDEN_TEXT));
    expect(hiddenRow?.[hiddenCol]).toBe('true');
    const pub = collect(csvChunks(fixtureInput({ full: false })));
    expect(pub).not.toContain(HIDDEN_TEXT);
  });

  it('writes votes, organization, topic and cluster names per card', () => {
    const rows = parseCsv(collect(csvChunks(fixtureInput({ full: true }))));
    const row = rows.find((r) => r.includes(PANGRAM))!;
    const col = (name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    expect(col('votes')).toBe('2');
    expect(col('organization')).toBe('Brno');
    expect(col('topic')).toBe('Jazyk a vzdělávání');
    expect(col('cluster')).toBe('Jazyk a bydlení');
    expect(col('kind_label')).toBe('Slabina');
  });

  it('counts a card’s cluster once per voter and per organization, and lists its visible comments', () => {
    const rows = parseCsv(collect(csvChunks(fixtureInput({ full: true }))));
    const row = rows.find((r) => r.includes(PANGRAM))!;
    const col = (name: (typeof CSV_COLUMNS)[number]) => row[CSV_COLUMNS.indexOf(name)];
    // voter-1 voted for both cards of the cluster: 3 votes, 2 distinct voters.
    expect(col('cluster_voters')).toBe('2');
    expect(col('cluster_orgs')).toBe('2');
    expect(col('comment_count')).toBe('1');
    expect(col('comments')).toBe(`Olena: ${COMMENT}`);
    const other = rows.find((r) => r[CSV_COLUMNS.indexOf('comment_count')] === '1' && r !== row)!;
    expect(other[CSV_COLUMNS.indexOf('comments')]).toBe("'=SUM(1)");
    expect(collect(csvChunks(fixtureInput({ full: true })))).not.toContain(HIDDEN_COMMENT);
  });

  it('ends with a polls table after an empty row: one row per option with its votes and the poll’s voters', () => {
    const rows = parseCsv(collect(csvChunks(fixtureInput({ full: true }))));
    const polls = pollRows(rows);
    expect(polls[0]).toEqual([...CSV_POLL_COLUMNS]);
    const col = (r: string[], name: (typeof CSV_POLL_COLUMNS)[number]) => r[CSV_POLL_COLUMNS.indexOf(name)];
    const urgent = polls.filter((r) => col(r, 'question') === POLL_QUESTION);
    expect(urgent.map((r) => [col(r, 'option_id'), col(r, 'votes'), col(r, 'voters'), col(r, 'open')])).toEqual([
      ['o1', '2', '3', 'true'],
      ['o2', '1', '3', 'true'],
      ['o3', '0', '3', 'true']
    ]);
    // The moderator's export keeps every option's text; the public one drops the hidden card's.
    expect(col(urgent[2], 'option')).toBe(HIDDEN_OPTION);
    const closed = polls.filter((r) => col(r, 'question') === 'Co funguje nejlépe?');
    expect(closed.map((r) => [col(r, 'votes'), col(r, 'multiple'), col(r, 'open')])).toEqual([
      ['1', 'true', 'false'],
      ['1', 'true', 'false']
    ]);
    expect(col(closed[0], 'closed_at')).toBe(new Date(7500).toISOString());
    expect(collect(csvChunks(fixtureInput({ full: false })))).not.toContain(HIDDEN_OPTION);
  });
});
