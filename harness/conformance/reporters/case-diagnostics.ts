// What a failing case's report says of it, the same in TAP's YAML block and in JUnit's failure text: its result,
// kind, RFC and detail, and what the failing step sent and received.

import type { CaseResult } from '../results.js';
import type { YamlValue } from './yaml-block.js';

export function caseDiagnostics(result: CaseResult): Record<string, YamlValue> {
  const value: Record<string, YamlValue> = { result: result.result, kind: result.kind, rfc: result.rfc, detail: result.detail };
  const d = result.diagnostics;
  if (d?.request !== undefined) value.request = { method: d.request.method, path: d.request.path, headers: d.request.headers };
  if (d?.status !== undefined) value.status = d.status;
  if (d?.headers !== undefined) value.headers = d.headers;
  if (d?.body !== undefined) value.body = d.body;
  if (d?.stderr !== undefined) value.stderr = d.stderr;
  return value;
}
