/**
 * Copies text. The Clipboard API needs a secure context; a board served over plain http on a
 * LAN address has none, so the fallback selects the text in a hidden field and copies it.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to the selection.
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.append(field);
  field.select();
  document.execCommand?.('copy');
  field.remove();
}
