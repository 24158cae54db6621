// What an implementation says it is: the optional `version` string of its /health answer (the implementation
// contract), e.g. "express 5.3.0". Read once per run, from the outside, so results.json tells which release of a
// framework or app was measured; an implementation that says nothing has no version recorded.

const TIMEOUT_MS = 2000;

export async function reportedVersion(implementationUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${implementationUrl}/health`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    const body = (await response.json()) as { version?: unknown };
    return typeof body.version === 'string' && body.version !== '' ? body.version.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
