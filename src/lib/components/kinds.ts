/**
 * Card kinds, described once: label, icon and colour tokens. Every kind has its own icon and
 * label as well as its colour, so kinds are told apart without colour vision.
 */
import { CARD_KINDS, type CardKind } from '$lib/board/types.js';
import type { MessageKey } from '$lib/i18n/en.js';
import type { IconName } from './icons.js';

export interface KindMeta {
  label: MessageKey;
  icon: IconName;
  /** CSS custom properties for this kind (see app.css). */
  ink: string;
  tint: string;
  edge: string;
}

const meta = (kind: CardKind): KindMeta => ({
  label: `kind.${kind}`,
  icon: kind,
  ink: `var(--kind-${kind}-ink)`,
  tint: `var(--kind-${kind}-tint)`,
  edge: `var(--kind-${kind}-edge)`
});

export const KINDS: Record<CardKind, KindMeta> = Object.fromEntries(CARD_KINDS.map((k) => [k, meta(k)])) as Record<CardKind, KindMeta>;

export const KIND_ORDER = CARD_KINDS;

/** Inline style that gives an element its kind's colours. */
export const kindStyle = (kind: CardKind): string => `--ink: ${KINDS[kind].ink}; --tint: ${KINDS[kind].tint}; --edge: ${KINDS[kind].edge};`;
