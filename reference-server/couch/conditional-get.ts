// A GET to CouchDB that passes the client's If-None-Match through and hands back CouchDB's answer as is
// (nano cannot send per-request headers).

export interface ConditionalReply {
  readonly status: number;
  readonly etag: string | undefined;
  readonly body: unknown;
}

export async function conditionalGet(couchdbUrl: string, path: string, ifNoneMatch: string | undefined): Promise<ConditionalReply> {
  const base = new URL(couchdbUrl);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (base.username !== '') {
    const credentials = `${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  if (ifNoneMatch !== undefined) headers['if-none-match'] = ifNoneMatch;
  base.username = '';
  base.password = '';
  const url = `${base.toString().replace(/\/+$/, '')}/${path}`;
  const response = await fetch(url, { headers });
  const etag = response.headers.get('etag') ?? undefined;
  if (response.status === 304) {
    await response.arrayBuffer();
    return { status: 304, etag, body: undefined };
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  return { status: response.status, etag, body };
}
