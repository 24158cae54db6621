// How a conformance stack is named everywhere (TAP, JUnit, errors, the report): the implementation's spec, and the
// proxy in front of it when there is one.

/** `reference`, or `reference behind varnish:revalidate`. */
export function stackLabel(stack: { readonly impl: string; readonly proxy?: string }): string {
  return stack.proxy === undefined ? stack.impl : `${stack.impl} behind ${stack.proxy}`;
}
