/**
 * Scenarios whose features do not exist yet. They report "not available yet" and no figures,
 * so the results file and the table keep their place until the features land.
 */
export interface PlaceholderResult {
  ok: false;
  notAvailableYet: true;
  problems: string[];
  plan: string;
}

export const PLACEHOLDERS = {
  'pdf-2000': {
    title: 'PDF export of a 2,000-card board',
    plan: 'Time and peak RSS to render the board export of 2,000 cards, and the fan-out p99 of a board under load while it renders.'
  }
} as const;

export type PlaceholderId = keyof typeof PLACEHOLDERS;

export const placeholder = (id: PlaceholderId): PlaceholderResult => ({
  ok: false,
  notAvailableYet: true,
  problems: ['not available yet: the feature comes from a later issue'],
  plan: PLACEHOLDERS[id].plan
});
