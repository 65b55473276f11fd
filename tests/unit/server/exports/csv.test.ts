import { describe, expect, it } from 'vitest';
import { csvCell, csvChunks, CSV_COLUMNS, parseCsv } from '../../../../server/exports/csv.js';
import { collect, fixtureInput, HIDDEN_TEXT, PANGRAM, TRICKY } from '../../../helpers/outputs-fixture.js';

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and a header of every card field', () => {
    const text = collect(csvChunks(fixtureInput({ full: true })));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text)[0]).toEqual([...CSV_COLUMNS]);
  });

  it('round-trips commas, quotes and newlines, and neutralises formula-like cells with a single quote', () => {
    const rows = parseCsv(collect(csvChunks(fixtureInput({ full: true }))));
    const textCol = CSV_COLUMNS.indexOf('text');
    const texts = rows.slice(1).map((r) => r[textCol]);
    expect(texts).toContain(PANGRAM);
    expect(texts).toContain('a, "quoted"\nsecond line');
    for (const t of TRICKY.filter((x) => /^[=+\-@]/.test(x))) expect(texts).toContain(`'${t}`);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('quotes per RFC 4180', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell(3)).toBe('3');
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
});
