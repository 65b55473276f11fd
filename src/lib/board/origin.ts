/**
 * Every transaction on a board document carries one of these origins, so observers can tell
 * where a change came from (a user's own edit, a server action, the store, another instance).
 */
export type BoardOrigin =
  | { readonly kind: 'local' }
  | { readonly kind: 'action'; readonly action: string; readonly actor: string }
  | { readonly kind: 'connection'; readonly connectionId: string }
  | { readonly kind: 'store' }
  | { readonly kind: 'bus' }
  | { readonly kind: 'projection' };

export const LOCAL: BoardOrigin = Object.freeze({ kind: 'local' });

export function actionOrigin(action: string, actor: string): BoardOrigin {
  return { kind: 'action', action, actor };
}
