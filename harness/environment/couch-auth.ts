// fetch() refuses URLs with credentials: split them into a plain URL and a basic-auth header.

export function withoutCredentials(url: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (parsed.username === '') return { url, headers: {} };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/+$/, ''), headers: { authorization: `Basic ${Buffer.from(credentials).toString('base64')}` } };
}
