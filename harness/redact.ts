// Credentials in a CouchDB URL never reach logs, results or reports.

/** The URL with any password replaced by `***` (a string that is not a URL comes back unchanged). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url;
  }
}
