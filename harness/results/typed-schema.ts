// Small builders for JSON Schemas checked against TypeScript types, on top of ajv's JSONSchemaType, where it
// checks too little or asks for the wrong thing:
// - it wants `nullable: true` on every optional property, which would let `"failure": null` through where the type
//   says absent or a string: here an optional property has the schema of its type without undefined, and the
//   keys of `required` are exactly the type's required ones (a key in the wrong group does not compile);
// - it takes a plain number schema for `number | null`: here such a property needs orNull;
// - it does not check `enum` against a union of strings: enumOf wants every member, and nothing else.

import type { JSONSchemaType } from 'ajv';

type RequiredKey<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
type OptionalKey<T> = Exclude<keyof T, RequiredKey<T>>;

/** Marks, in types only, a schema made by orNull: JSONSchemaType<number | null> accepts a plain number schema. */
declare const allowsNull: unique symbol;
type NullMark<V> = null extends V ? { readonly [allowsNull]: true } : unknown;

/** A schema for values of type V: `const` and `enum`, which JSONSchemaType leaves unchecked here, must be Vs, and
 *  a V that may be null needs orNull. */
export type Schema<V> = JSONSchemaType<V> & { readonly const?: V; readonly enum?: readonly V[] } & NullMark<V>;

/** One schema per property of T, required and optional ones apart (the order they take in the JSON). */
export type PropertySchemas<T> = {
  readonly required: { readonly [K in RequiredKey<T>]-?: Schema<T[K]> };
  readonly optional: { readonly [K in OptionalKey<T>]-?: Schema<Exclude<T[K], undefined>> };
};

/** An object with exactly these keys: the required ones listed in `required`, no other key allowed. */
export function object<T extends object>(properties: PropertySchemas<T>, description?: string): JSONSchemaType<T> {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    additionalProperties: false,
    ...(Object.keys(properties.required).length === 0 ? {} : { required: Object.keys(properties.required) }),
    properties: { ...properties.required, ...properties.optional },
    // Sound by construction: every key of T has a schema of its own type above, and `required` is T's own.
  } as unknown as JSONSchemaType<T>;
}

/** An object with free keys (status codes, route templates, proxy names) and values of one schema. */
export function record<V>(values: JSONSchemaType<V>, description?: string): JSONSchemaType<Record<string, V>> {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    additionalProperties: values,
  } as unknown as JSONSchemaType<Record<string, V>>;
}

/** `T | null`, as a type list (`["object", "null"]`): the object or number keywords do not apply to null. */
export function orNull<T>(schema: JSONSchemaType<T>, comment?: string): Schema<T | null> {
  const { type } = schema as { type?: unknown };
  if (typeof type !== 'string') throw new TypeError(`orNull: a schema with one type, not ${JSON.stringify(type)}`);
  return { ...schema, type: [type, 'null'], ...(comment === undefined ? {} : { $comment: comment }) } as unknown as Schema<T | null>;
}

/** One string of a closed set: the compiler wants every member of V named, and nothing else. */
export function enumOf<V extends string>(members: { readonly [K in V]: true }, description?: string): Schema<V> {
  return {
    type: 'string',
    ...(description === undefined ? {} : { description }),
    enum: Object.keys(members) as V[],
  } as Schema<V>;
}

export const string: JSONSchemaType<string> = { type: 'string' };
export const number: JSONSchemaType<number> = { type: 'number' };
export const boolean: JSONSchemaType<boolean> = { type: 'boolean' };
