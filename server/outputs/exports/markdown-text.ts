/** Markdown building blocks shared by the report and the dossiers: escaped user text and tables. */
/** Escapes Markdown syntax in user text; line breaks become hard breaks inside the list item. */
export const mdText = (s: string): string => s.replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`).replace(/\n/g, '  \n  ');

export const table = (head: string[], rows: Array<Array<string | number>>): string =>
  [
    `| ${head.map(mdText).join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? String(c) : mdText(c))).join(' | ')} |`)
  ].join('\n') + '\n\n';
