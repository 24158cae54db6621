// The YAML diagnostics block of a TAP test point. Every scalar is written as a JSON string or number, which
// YAML reads as the same value, so no value (quotes, colons, newlines, `*`) can break the block.

export type YamlValue = string | number | boolean | undefined | { readonly [key: string]: YamlValue };

export function yamlBlock(value: { readonly [key: string]: YamlValue }, indent: string): string {
  return `${indent}---\n${lines(value, indent).join('\n')}\n${indent}...\n`;
}

function lines(value: { readonly [key: string]: YamlValue }, indent: string): string[] {
  const out: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
    if (typeof item === 'object') {
      const nested = lines(item, `${indent}  `);
      out.push(nested.length === 0 ? `${indent}${name}: {}` : `${indent}${name}:`, ...nested);
    } else {
      out.push(`${indent}${name}: ${JSON.stringify(item)}`);
    }
  }
  return out;
}
