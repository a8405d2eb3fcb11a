/**
 * Values generated from the API's own zod request schemas (through their JSON Schema, the same
 * one the OpenAPI document shows): a valid sample of each, every way to exceed a string or array
 * maximum, and fast-check arbitraries for fuzzing. Abuse tests use these so that a new route or
 * a new field is covered without anyone writing a case for it.
 */
import fc from 'fast-check';
import { z } from 'zod';

export type JsonSchema = {
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

export interface SchemaView {
  root: JsonSchema;
  node: JsonSchema;
}

export function jsonSchemaOf(schema: z.ZodType): SchemaView {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return { root, node: root };
}

function resolve(view: SchemaView, node: JsonSchema): JsonSchema {
  let current = node;
  for (let depth = 0; current.$ref && depth < 20; depth++) {
    const name = current.$ref.replace('#/$defs/', '');
    current = view.root.$defs?.[name] ?? {};
  }
  return current;
}

// Each instant sampled is a minute after the one before: "opens" fields come before "closes" ones.
let instants = 0;
const FUTURE = () => new Date(Date.now() + 30 * 24 * 60 * 60 * 1000 + ++instants * 60_000).toISOString();
const PATTERNED = ['sample_id', 'ABC1234', 'mental_health', '2027-09-20'];

function sampleString(node: JsonSchema, key = ''): string {
  if (node.format === 'email') return 'someone@example.org';
  if (node.format === 'date-time' || /At$/.test(key)) return FUTURE();
  if (node.format === 'date' || /On$/.test(key)) return '2027-09-20';
  if (node.format === 'uri' || node.format === 'url') return 'https://docs.example.org/evidence.pdf';
  if (node.pattern) {
    const pattern = new RegExp(node.pattern);
    const fits = PATTERNED.find((candidate) => pattern.test(candidate));
    if (fits) return fits;
  }
  const text = 'Sample text';
  return text.slice(0, Math.max(node.minLength ?? 1, Math.min(text.length, node.maxLength ?? text.length)));
}

/** A value the schema accepts (before refinements): required fields only, or every field. */
export function sample(view: SchemaView, node: JsonSchema = view.node, allFields = false, key = ''): unknown {
  const n = resolve(view, node);
  if (n.const !== undefined) return n.const;
  if (n.enum) return n.enum[0];
  const options = n.anyOf ?? n.oneOf;
  if (options) return sample(view, options.find((o) => resolve(view, o).type !== 'null') ?? options[0]!, allFields, key);
  switch (n.type) {
    case 'string':
      return sampleString(n, key);
    case 'integer':
    case 'number':
      return Math.min(Math.max(n.minimum ?? 1, 1), n.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return Array.from({ length: Math.max(n.minItems ?? 0, 1) }, () => sample(view, n.items ?? {}, allFields));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(n.properties ?? {})) {
        if (allFields || n.required?.includes(key)) result[key] = sample(view, child, allFields, key);
      }
      return result;
    }
    default:
      return 'x';
  }
}

/** A valid value of a zod schema, checked by the schema itself; undefined when refinements need more. */
export function validSample(schema: z.ZodType, overrides: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  const view = jsonSchemaOf(schema);
  for (const allFields of [false, true]) {
    const candidate = { ...(sample(view, view.node, allFields) as Record<string, unknown>), ...overrides };
    if (schema.safeParse(candidate).success) return candidate;
  }
  return undefined;
}

export interface Oversize {
  /** Dotted path of the field, e.g. `items.0.statement`. */
  path: string;
  kind: 'string' | 'array';
  limit: number;
  value: unknown;
}

function tooLongString(node: JsonSchema, length: number): string {
  if (node.format === 'email') return `${'a'.repeat(Math.max(1, length - '@example.org'.length))}@example.org`;
  if (node.format === 'uri' || node.format === 'url') return `https://example.org/${'a'.repeat(length)}`;
  if (node.pattern === '^[A-Z0-9]{3,10}$') return 'A'.repeat(length);
  return 'a'.repeat(length);
}

/** Every string and array maximum in the schema, each with a value one past it. */
export function oversizes(view: SchemaView, node: JsonSchema = view.node, at: string[] = []): Oversize[] {
  const n = resolve(view, node);
  const found: Oversize[] = [];
  const options = n.anyOf ?? n.oneOf;
  if (options) {
    const first = options.find((o) => resolve(view, o).type !== 'null');
    return first ? oversizes(view, first, at) : [];
  }
  if (n.type === 'string' && n.maxLength !== undefined) {
    found.push({ path: at.join('.'), kind: 'string', limit: n.maxLength, value: tooLongString(n, n.maxLength + 1) });
  }
  if (n.type === 'array') {
    if (n.maxItems !== undefined) {
      const item = sample(view, n.items ?? {});
      found.push({ path: at.join('.'), kind: 'array', limit: n.maxItems, value: Array.from({ length: n.maxItems + 1 }, () => item) });
    }
    if (n.items) found.push(...oversizes(view, n.items, [...at, '0']));
  }
  if (n.type === 'object') {
    for (const [key, child] of Object.entries(n.properties ?? {})) found.push(...oversizes(view, child, [...at, key]));
  }
  return found;
}

/** A copy of `value` with `replacement` at a dotted path (arrays created as needed). */
export function setPath(value: unknown, path: string, replacement: unknown): unknown {
  if (path === '') return replacement;
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const current = (copy as Record<string, unknown>)[head!];
  (copy as Record<string, unknown>)[head!] = setPath(current ?? (/^\d+$/.test(rest[0] ?? '') ? [] : {}), rest.join('.'), replacement);
  return copy;
}

/** Values shaped like the schema, with random contents (mostly invalid ones: random strings miss patterns). */
export function arbitraryOf(view: SchemaView, node: JsonSchema = view.node, depth = 0): fc.Arbitrary<unknown> {
  const n = resolve(view, node);
  if (depth > 6) return fc.constant(null);
  if (n.enum) return fc.oneof(fc.constantFrom(...n.enum), fc.string({ maxLength: 12 }));
  const options = n.anyOf ?? n.oneOf;
  if (options) return fc.oneof(...options.map((o) => arbitraryOf(view, o, depth + 1)));
  switch (n.type) {
    case 'string':
      return fc.oneof(
        fc.constant(sampleString(n)),
        fc.string({ maxLength: Math.min((n.maxLength ?? 40) + 2, 300) }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
        fc.constantFrom('', ' ', '0', '-1', 'null', '../../etc/passwd', '\'; DROP TABLE "Eoi"; --', '<script>alert(1)</script>', '\u0000'),
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: (n.minimum ?? 0) - 2, max: (n.maximum ?? 1000) + 2 }),
        fc.double(),
        fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
        fc.string({ maxLength: 5 }),
      );
    case 'boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1, null));
    case 'array':
      return fc.oneof(
        fc.array(arbitraryOf(view, n.items ?? {}, depth + 1), { maxLength: Math.min((n.maxItems ?? 5) + 1, 8) }),
        fc.constant('not an array'),
      );
    case 'object': {
      const entries = Object.entries(n.properties ?? {});
      const shaped = fc.record(Object.fromEntries(entries.map(([key, child]) => [key, arbitraryOf(view, child, depth + 1)])), {
        requiredKeys: [],
      });
      return fc.oneof(
        shaped,
        // A stray field beside otherwise plausible ones.
        fc.tuple(shaped, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })).map(([object, key, value]) => ({
          ...(object as object),
          [key]: value,
        })),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
