/** The LibreTranslate provider against a local server speaking LibreTranslate's API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLibreTranslate } from '../../../../server/translate/libretranslate.js';
import { TranslatorError } from '../../../../server/translate/translator.js';
import { startFakeLibreTranslate, type FakeLibreTranslate } from '../../../helpers/libretranslate.js';

describe('LibreTranslate provider', () => {
  let fake: FakeLibreTranslate;
  beforeAll(async () => {
    fake = await startFakeLibreTranslate({ apiKey: 'k-123' });
  });
  afterAll(() => fake.close());
  const signal = () => AbortSignal.timeout(5000);

  it('lists the languages and translates with auto-detection, sending q/source/target/format/api_key', async () => {
    const lt = createLibreTranslate({ url: `${fake.url}/`, apiKey: 'k-123' });
    expect((await lt.languages(signal())).sort()).toEqual(['cs', 'de', 'en', 'uk', 'vi']);
    expect(await lt.translate({ text: 'Бракує перекладачів', source: 'auto', target: 'cs' }, signal())).toEqual({ text: 'cs: Бракує перекладачів', detected: 'uk' });
    expect(await lt.translate({ text: 'Thiếu phiên dịch', source: 'vi', target: 'en' }, signal())).toEqual({ text: 'en: Thiếu phiên dịch', detected: null });
    expect(fake.requests.at(-1)).toEqual({ q: 'Thiếu phiên dịch', source: 'vi', target: 'en', format: 'text', api_key: 'k-123' });
  });

  it('a refusal is a TranslatorError naming the status and the service message', async () => {
    const lt = createLibreTranslate({ url: fake.url, apiKey: 'wrong' });
    await expect(lt.translate({ text: 'Ahoj', source: 'auto', target: 'en' }, signal())).rejects.toThrow(/HTTP 403 Invalid API key/);
    fake.setMode('error');
    const ok = createLibreTranslate({ url: fake.url, apiKey: 'k-123' });
    await expect(ok.translate({ text: 'Ahoj', source: 'auto', target: 'en' }, signal())).rejects.toBeInstanceOf(TranslatorError);
  });

  it('a service that never answers is cut at the deadline', async () => {
    fake.setMode('hang');
    const lt = createLibreTranslate({ url: fake.url, apiKey: 'k-123' });
    await expect(lt.translate({ text: 'Ahoj', source: 'auto', target: 'en' }, AbortSignal.timeout(200))).rejects.toThrow(/no answer in time/);
    fake.setMode('ok');
  });

  it('an unreachable service is a TranslatorError', async () => {
    const lt = createLibreTranslate({ url: 'http://127.0.0.1:9', apiKey: null });
    await expect(lt.languages(signal())).rejects.toBeInstanceOf(TranslatorError);
  });
});
