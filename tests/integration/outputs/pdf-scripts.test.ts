/**
 * The PDF report in Ukrainian and Vietnamese: the embedded font carries Cyrillic (Ґґ Її Єє) and
 * Vietnamese stacked diacritics (ệ, ế, ườ), in card text and in the report's own labels, and
 * pdftotext reads them back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, LOCAL, readBoard } from '../../../src/lib/board/index.js';
import { pdfText } from '../../helpers/pdf-text.js';
import { createTestEvent, startTestServer, type TestEvent, type TestServer } from '../../helpers/test-server.js';

const CYRILLIC = 'Ґґ Її Єє: бракує перекладачів у ґміні';
const VIETNAMESE = 'Việt Nam, Tiếng Việt, đường phố';

let ts: TestServer;
let ev: TestEvent;

beforeAll(async () => {
  ts = await startTestServer();
  ev = await createTestEvent(ts.url, { title: 'Виклики інтеграції · Thách thức của hội nhập', lang: 'cs' });
  await ts.server.registry.withBoard(ev.boardId, async (b) => {
    const s = readBoard(b.full.doc);
    for (const text of [CYRILLIC, VIETNAMESE])
      addCard(b.full.doc, { kind: 'weakness', text, orgId: s.orgs[0].id, author: 'Олена Коваленко', authorKey: 'author-key', topicId: s.topics[0].id }, LOCAL);
    await b.full.flushed();
  });
});
afterAll(() => ts.dispose());

const pdf = async (lang: string): Promise<string> => {
  const res = await fetch(`${ts.url}/api/boards/${ev.boardId}/export.pdf?t=${ev.tokens.moderator}&lang=${lang}`);
  expect(res.status).toBe(200);
  return pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
};

describe('the PDF report in Ukrainian and Vietnamese', () => {
  it.each([
    ['uk', ['Звіт', 'Підсумок', 'Картки за темами']],
    ['vi', ['Báo cáo', 'Tóm tắt', 'Tất cả thẻ theo chủ đề']]
  ])('%s: card text in both scripts and the report labels come back from pdftotext', async (lang, labels) => {
    const text = await pdf(lang);
    expect(text).toContain('Ґґ Її Єє');
    expect(text).toContain(VIETNAMESE);
    expect(text).toContain('Виклики інтеграції · Thách thức của hội nhập');
    for (const label of labels) expect(text).toContain(label);
  });
});
