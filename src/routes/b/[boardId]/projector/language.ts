/** The language the moderator's projector setting imposes on this page (null: the browser's own). */
import { PROJECTOR_PAIRS, type ProjectorLang } from '$lib/board/types.js';
import type { ImposedLanguage } from '$lib/i18n/locale.svelte.js';

export function projectorLanguage(lang: ProjectorLang): ImposedLanguage {
  if (lang === 'auto') return null;
  if (lang === 'both' || lang === 'cs-uk' || lang === 'cs-vi') return { bilingual: PROJECTOR_PAIRS[lang] };
  return lang;
}
