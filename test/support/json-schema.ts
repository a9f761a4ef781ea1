/**
 * A small JSON Schema (2020-12 subset, as OpenAPI 3.1 uses it) validator for checking real
 * responses against the service's OpenAPI document. It covers exactly the keywords the document
 * uses and reports any other keyword as an error, so a schema it cannot judge never passes silently.
 */

export type JsonSchema = { [keyword: string]: unknown };

export interface ValidateOptions {
  /**
   * Report properties an object schema does not declare. Response schemas stay open because API.md
   * lets fields be added, but the service's own responses should carry no undocumented field.
   */
  rejectUndeclared?: boolean;
}

// Keywords that only describe; they never fail a value.
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', 'discriminator', 'deprecated', 'readOnly', 'writeOnly', 'format']);
const ASSERTIONS = new Set([
  '$ref', 'type', 'enum', 'const', 'required', 'properties', 'additionalProperties', 'items', 'oneOf', 'anyOf',
  'pattern', 'minimum', 'exclusiveMinimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
]);

// Loose on purpose: the point is the shape, not RFC 3339 corner cases.
const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

/** The value a local `$ref` (`#/components/schemas/Campaign`) points at, or undefined. */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const tokens = ref.slice(1).split('/').slice(1).map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const token of tokens) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const matchesType = (value: unknown, type: string) => {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
};

const isObject = (value: unknown): value is Record<string, unknown> => typeOf(value) === 'object';

/** Every violation of `schema` by `value`, as `path: message`; empty when valid. */
export function validate(schema: JsonSchema, value: unknown, root: unknown, options: ValidateOptions = {}, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(`${path}: ${message}`);
  const sub = (s: unknown, v: unknown, p: string) => validate(s as JsonSchema, v, root, options, p);

  for (const keyword of Object.keys(schema)) {
    if (!ASSERTIONS.has(keyword) && !ANNOTATIONS.has(keyword)) fail(`schema keyword '${keyword}' is not supported by this validator`);
  }

  if (typeof schema.$ref === 'string') {
    const target = resolvePointer(root, schema.$ref);
    if (target === undefined) fail(`unresolved $ref ${schema.$ref}`);
    else errors.push(...sub(target, value, path));
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => matchesType(value, t))) return [...errors, `${path}: expected ${types.join(' | ')}, got ${typeOf(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if ('const' in schema && schema.const !== value) fail(`expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);

  if (typeof value === 'string') {
    if (typeof schema.format === 'string' && FORMATS[schema.format] && !FORMATS[schema.format]!.test(value)) fail(`'${value}' is not a ${schema.format}`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`'${value}' does not match ${schema.pattern}`);
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail(`shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail(`longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`${value} is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`${value} is above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`${value} is not above ${schema.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail(`fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail(`more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('items are not unique');
    if (schema.items !== undefined) value.forEach((item, i) => errors.push(...sub(schema.items, item, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in value)) fail(`missing required '${name}'`);
    for (const [name, s] of Object.entries(properties)) if (name in value) errors.push(...sub(s, value[name], `${path}.${name}`));
    const undeclared = keys.filter((k) => !Object.hasOwn(properties, k));
    if (schema.additionalProperties === false || (options.rejectUndeclared && schema.properties && schema.additionalProperties === undefined)) {
      for (const name of undeclared) fail(`property '${name}' is not allowed`);
    } else if (isObject(schema.additionalProperties)) {
      for (const name of undeclared) errors.push(...sub(schema.additionalProperties, value[name], `${path}.${name}`));
    }
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) fail(`fewer than ${schema.minProperties} properties`);
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) fail(`more than ${schema.maxProperties} properties`);
  }

  if (Array.isArray(schema.oneOf)) {
    const results = schema.oneOf.map((s, i) => sub(s, value, `${path}<oneOf ${i}>`));
    const passing = results.filter((r) => r.length === 0).length;
    if (passing !== 1) fail(`matches ${passing} oneOf alternatives instead of exactly 1${passing === 0 ? `: ${results.flat().join('; ')}` : ''}`);
  }
  if (Array.isArray(schema.anyOf)) {
    const results = schema.anyOf.map((s, i) => sub(s, value, `${path}<anyOf ${i}>`));
    if (!results.some((r) => r.length === 0)) fail(`matches no anyOf alternative: ${results.flat().join('; ')}`);
  }
  return errors;
}
