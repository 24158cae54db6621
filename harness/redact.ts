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

/** Every `scheme://user:password@` in a text (an error message quoting what the user typed) with `***` for the password. */
export function redactUrlsIn(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@'"]*):[^@\s'"/]*@/gi, '$1:***@');
}
