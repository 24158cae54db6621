// Escaping for the two places results text lands in the HTML report: element content / attribute values,
// and JSON inside a <script> element.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON safe to place inside <script type="application/json">: `<`, `>` and `&` only occur inside JSON strings,
 * where \u escapes mean the same, so `</script>` or `<!--` in a value cannot end or alter the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
