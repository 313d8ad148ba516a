import fc from 'fast-check';

/**
 * Generators of malformed requests for the robustness tests, each derived from a valid request,
 * and a mirror of how the server reads a body (Fastify's parsers, then the route's zod schema),
 * so that a test can make sure every request it sends is really invalid.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: Json };
type Path = Array<string | number>;

export interface MalformedRequest {
  /** Which malformation this is, for failure messages and coverage counts. */
  kind: string;
  /** The raw body; absent means no body at all. */
  payload?: string | Buffer;
  /** The content-type header; absent means none is sent. */
  contentType?: string;
  /** Raw query string, without the '?'. */
  query?: string;
  /** The If-Match header. */
  ifMatch?: string;
}

export interface ZodLike {
  safeParse(v: unknown): { success: boolean };
}

// ---------------------------------------------------------------------------------------------
// Values

/** Strings that are not dates, keys, enum values or codes this API accepts. */
export const BAD_DATES = ['2023-02-30', '2023-02-29', '2023-13-01', '2023-00-10', '2023-01-32', '20230101', '2023-1-1', '2023-01-01T00:00:00Z', '01/02/2023', '0000-00-00', '٢٠٢٣-٠١-٠١', '2023-01-01 ', ' 2023-01-01', ''];
export const BAD_KEYS = ['Has-Upper', '-leading-hyphen', 'with space', 'åäö', 'a'.repeat(81), 'a_b', 'a.b', '../etc', 'key\n', '', ' '];
export const BAD_ENUMS = ['nope', 'DRAFT', 'Plan', ' unit', 'unit ', 'Council', 'percent%', 'samspel/document@2', 'samspel/bundle@0', 'null', 'undefined', '0', 'true'];
export const BAD_CODES = ['036', '03600', 'abcd', '0x10', '-360', '3.60', ' 0360', '٠٣٦٠'];
export const OUT_OF_RANGE = [-1, 0, -0.5, 1.5, 0.000001, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e9, -1e9, 1e300, -1e300, 1899, 2201, 10_001, 100_001, 6.5, 7];
export const LONG_LENGTHS = [81, 101, 201, 301, 501, 1001, 2001, 5001, 10_001, 20_001, 50_001, 100_001];
/** Number literals JSON.parse reads as ±Infinity or a number too large for any field. */
export const HUGE_NUMBER_LITERALS = ['1e999', '-1e999', `1${'0'.repeat(400)}`, '123456789012345678901234567890', '1e-999'];

/** Content types the server does not read as JSON (415), or reads as text (400: not an object). */
export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
  'application/vnd.api+json',
  'application/jsonx',
  'text/json',
  'json',
  '*/*',
  'application/*',
  'application/json, text/plain',
  'image/png',
];

/** Bodies that are not JSON at all (with content-type application/json). */
const NOT_JSON = [
  '{',
  '}',
  '{"a":1',
  "{'a':1}",
  '{a:1}',
  '{"a":1,}',
  '[1,]',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-Infinity}',
  '{"a":undefined}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":+1}',
  '{"a":0x10}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\u0001"}',
  '{"a":"line\nbreak"}',
  '/* comment */ {}',
  '{} // comment',
  '{}{}',
  '{} x',
  'NaN',
  'undefined',
  'True',
  'nul',
  '"unterminated',
  '<xml/>',
  'a=1&b=2',
  '\u0000',
  '\ufeff\ufeff{}',
];

/** A JSON value of any kind but the one given (for "wrong type"). */
function otherTypes(v: Json): fc.Arbitrary<Json> {
  const all: Array<[string, fc.Arbitrary<Json>]> = [
    ['string', fc.string({ maxLength: 12 })],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
    ['boolean', fc.boolean()],
    ['array', fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.integer(), { maxKeys: 3 })],
  ];
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return fc.oneof(...all.filter(([k]) => k !== t).map(([, a]) => a));
}

// ---------------------------------------------------------------------------------------------
// Paths into a JSON value

interface Node {
  path: Path;
  value: Json;
}

/** Every node below the root, breadth first (iterative: bodies can be large). */
export function allNodes(root: Json, limit = 5000): Node[] {
  const out: Node[] = [];
  const queue: Node[] = [{ path: [], value: root }];
  while (queue.length > 0 && out.length < limit) {
    const n = queue.shift()!;
    if (n.path.length > 0) out.push(n);
    if (Array.isArray(n.value)) n.value.forEach((v, i) => queue.push({ path: [...n.path, i], value: v }));
    else if (n.value !== null && typeof n.value === 'object') for (const [k, v] of Object.entries(n.value)) queue.push({ path: [...n.path, k], value: v });
  }
  return out;
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, so that a key such as "__proto__" becomes a real (and serialised) property.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of root with the node at path replaced (or deleted when value is undefined). */
export function withAt(root: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const copy = structuredClone(root);
  let cur: any = copy;
  for (const p of path.slice(0, -1)) cur = cur[p];
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else if (Array.isArray(cur)) cur[last as number] = value;
  else setOwn(cur, String(last), value);
  return copy;
}

const PLACEHOLDER = '\u0001RAW\u0001';
/** JSON text of root with the node at path replaced by raw JSON text (deep nesting, huge arrays, odd literals). */
function withRawAt(root: Json, path: Path, raw: string): string {
  const text = JSON.stringify(withAt(root, path, PLACEHOLDER));
  const quoted = JSON.stringify(PLACEHOLDER);
  const at = text.indexOf(quoted);
  if (at < 0) throw new Error('placeholder lost');
  return text.slice(0, at) + raw + text.slice(at + quoted.length);
}

// ---------------------------------------------------------------------------------------------
// Generators

const json = (kind: string, body: Json, contentType = 'application/json'): MalformedRequest => ({ kind, payload: JSON.stringify(body), contentType });
const raw = (kind: string, payload: string | Buffer, contentType = 'application/json'): MalformedRequest => ({ kind, payload, contentType });

function deep(n: number, style: 'array' | 'object' | 'mixed'): string {
  if (style === 'array') return '['.repeat(n) + ']'.repeat(n);
  if (style === 'object') return '{"a":'.repeat(n) + '0' + '}'.repeat(n);
  return '[{"a":'.repeat(n) + '0' + '}]'.repeat(n);
}

/** A JSON array of up to n copies of element, kept under about 900 kB so the body stays within the 1 MiB limit. */
function hugeArray(n: number, element: string): string {
  const count = Math.min(n, Math.floor(900_000 / (Buffer.byteLength(element) + 1)));
  return `[${new Array(count).fill(element).join(',')}]`;
}

/**
 * Malformed bodies derived from one valid JSON object body: dropped required fields, wrong types,
 * unknown fields, out-of-range numbers, over-long strings, invalid dates, keys and enum values,
 * nulls, nested garbage, arrays for objects, non-JSON bytes, wrong content types, empty bodies,
 * deep nesting and huge arrays (all within a 1 MiB body limit). Some of them may happen to be
 * valid (a null where null is allowed): the caller filters with `isReallyInvalid`.
 */
export function malformedBodies(base: JsonObject, required: string[]): fc.Arbitrary<MalformedRequest> {
  const nodes = allNodes(base);
  if (nodes.length === 0) throw new Error('malformedBodies: the valid body has no fields to derive from');
  const node = fc.constantFrom(...nodes);
  const paths = fc.constantFrom<Path>([], ...nodes.map((n) => n.path));
  const objectPaths = fc.constantFrom<Path>([], ...nodes.filter((n) => n.value !== null && typeof n.value === 'object' && !Array.isArray(n.value)).map((n) => n.path));
  const stringNodes = nodes.filter((n) => typeof n.value === 'string');
  const numberNodes = nodes.filter((n) => typeof n.value === 'number');
  const fieldPaths = fc.constantFrom(...nodes.map((n) => n.path));
  const text = JSON.stringify(base);
  const atString = <T>(a: fc.Arbitrary<T>) => (stringNodes.length ? fc.tuple(fc.constantFrom(...stringNodes), a) : fc.tuple(node, a));

  const candidates: Array<fc.WeightedArbitrary<MalformedRequest>> = [
    // Structure of the object
    ...(required.length
      ? [{ weight: 4, arbitrary: fc.constantFrom(...required).map((k) => json('drop a required field', withAt(base, [k], undefined))) }]
      : []),
    { weight: 6, arbitrary: node.chain((n) => otherTypes(n.value).map((v) => json('wrong type', withAt(base, n.path, v)))) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          objectPaths,
          fc.oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom('id', 'status', 'documentId', 'municipalityCode', 'createdAt', 'LockVersion', 'constructor', 'toString', '$where', 'x-y', '')),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([p, k, v]) => json('unknown field', withAt(base, [...p, k], v as Json))),
    },
    { weight: 4, arbitrary: paths.map((p) => json('null where not allowed', withAt(base, p, null))) },
    { weight: 3, arbitrary: fc.tuple(paths, fc.jsonValue({ maxDepth: 6 })).map(([p, v]) => json('nested garbage', withAt(base, p, v as Json))) },
    {
      weight: 3,
      arbitrary: fc.tuple(objectPaths, fc.constantFrom('wrap', 'empty', 'double')).map(([p, how]) => {
        const obj = p.length === 0 ? base : (nodes.find((n) => n.path.join('/') === p.join('/'))!.value as Json);
        const arr: Json = how === 'wrap' ? [obj] : how === 'empty' ? [] : [[obj]];
        return json('array instead of object', withAt(base, p, arr));
      }),
    },
    { weight: 2, arbitrary: fc.constantFrom<Json>(null, 0, 1, -1, true, false, '', 'text', '{}', [], [null]).map((v) => json('scalar or array body', v)) },
    // Values
    {
      weight: 4,
      arbitrary: fc
        .tuple(numberNodes.length ? fc.constantFrom(...numberNodes) : node, fc.oneof(fc.constantFrom(...OUT_OF_RANGE), fc.integer({ min: 2 ** 31, max: 2 ** 52 }), fc.integer({ min: -(2 ** 31), max: -1 })))
        .map(([n, v]) => json('out-of-range number', withAt(base, n.path, v))),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(node, fc.constantFrom(...HUGE_NUMBER_LITERALS)).map(([n, lit]) => raw('number literal out of range', withRawAt(base, n.path, lit))),
    },
    {
      weight: 4,
      arbitrary: atString(fc.tuple(fc.constantFrom(...LONG_LENGTHS), fc.constantFrom('x', 'å', '😀', ' '))).map(([n, [len, ch]]) => json('over-long string', withAt(base, n.path, ch.repeat(len)))),
    },
    { weight: 2, arbitrary: atString(fc.constantFrom('', ' ', '   ', '\t\n', '\u00a0')).map(([n, s]) => json('blank string', withAt(base, n.path, s))) },
    { weight: 3, arbitrary: atString(fc.constantFrom(...BAD_DATES)).map(([n, s]) => json('invalid date', withAt(base, n.path, s))) },
    { weight: 3, arbitrary: atString(fc.constantFrom(...BAD_KEYS)).map(([n, s]) => json('invalid key', withAt(base, n.path, s))) },
    { weight: 3, arbitrary: atString(fc.constantFrom(...BAD_ENUMS, ...BAD_CODES)).map(([n, s]) => json('invalid enum or code', withAt(base, n.path, s))) },
    {
      weight: 2,
      arbitrary: atString(fc.nat()).map(([n, i]) => {
        const s = String(n.value);
        const at = i % (s.length + 1);
        return json('NUL in text', withAt(base, n.path, `${s.slice(0, at)}\u0000${s.slice(at)}`));
      }),
    },
    // Bytes and headers
    { weight: 2, arbitrary: fc.constantFrom(...NOT_JSON).map((s) => raw('not JSON', s)) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((k) => raw('truncated JSON', text.slice(0, k))) },
    { weight: 1, arbitrary: fc.constantFrom(',', '}', ']', 'x', '\u0000', '"', '{}').map((g) => raw('trailing garbage', text + g)) },
    { weight: 1, arbitrary: fc.constant(raw('single quotes', text.replaceAll('"', "'"))) },
    { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 256 }).map((b) => raw('random bytes', Buffer.from(b))) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }).map((s) => raw('random text', s)) },
    { weight: 1, arbitrary: fc.constant(raw('invalid UTF-8 outside strings', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text)]))) },
    { weight: 3, arbitrary: fc.constantFrom(...WRONG_CONTENT_TYPES).map((ct) => json('wrong content-type', base, ct)) },
    { weight: 1, arbitrary: fc.constant<MalformedRequest>({ kind: 'body without content-type', payload: text }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<MalformedRequest>(
        { kind: 'empty body', contentType: 'application/json', payload: '' },
        { kind: 'empty body', contentType: 'application/json' },
        { kind: 'empty body' },
        { kind: 'empty body', contentType: 'application/json', payload: '   ' },
        { kind: 'empty body', contentType: 'text/plain', payload: '' },
      ),
    },
    // Size
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fieldPaths, fc.constant<Path>([])), fc.constantFrom(100, 1000, 10_000, 100_000), fc.constantFrom<'array' | 'object' | 'mixed'>('array', 'object', 'mixed'))
        .map(([p, n, style]) => raw('deep nesting', p.length === 0 ? deep(n, style) : withRawAt(base, p, deep(n, style)))),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(fieldPaths, objectPaths.map((p) => [...p, 'huge'])), fc.constantFrom(1000, 5000, 20_000, 100_000), fc.constantFrom('0', '"x"', 'null', '{}', '[]', '"2023-02-30"'))
        .map(([p, n, el]) => raw('huge array', withRawAt(base, p, hugeArray(n, el)))),
    },
    {
      // Over the 1 MiB limit of most routes (413); within the 10 MiB of the import routes, where the unknown field is the fault.
      weight: 1,
      arbitrary: fc.constant(0).map(() => json('body over 1 MiB', withAt(base, ['padding'], 'x'.repeat(1024 * 1024 + 1)))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(node, fc.jsonValue({ maxDepth: 1 })).map(([n, v]) => {
        const k = n.path[0];
        return raw('duplicate key, last one bad', `${text.slice(0, -1)},${JSON.stringify(String(k))}:${JSON.stringify(v === undefined ? null : v)}}`);
      }),
    },
  ];
  return fc.oneof(...candidates);
}

/** Query strings with a lockVersion this API refuses, and headers it refuses, for DELETE. */
export const BAD_QUERIES = [
  'lockVersion=abc',
  'lockVersion=0',
  'lockVersion=-1',
  'lockVersion=1.5',
  'lockVersion=',
  'lockVersion',
  'lockVersion=1e999',
  'lockVersion=NaN',
  'lockVersion=Infinity',
  'lockVersion=1&lockVersion=2',
  'lockVersion=99999999999999999999',
  'lockVersion=%00',
  'lockVersion=true',
  `lockVersion=${'9'.repeat(500)}`,
  'lockversion=1',
  'version=1',
  'lockVersion=1&force=true',
  'lockVersion=1&lockVersion=1&x=',
  'lockVersion[]=1',
];
export const BAD_ETAGS = ['abc', '*', '"x"', 'W/"a"', '"1', '1', '""', '"-1"', '"1.5"', `"${'1'.repeat(10)}"`, '"1", "2"', 'W/ "1"'];

/** Malformed DELETE requests: the version is missing, not a number, disagreeing, or the body unreadable. */
export function malformedDeletes(currentVersion: number): fc.Arbitrary<MalformedRequest> {
  const body = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Partial<MalformedRequest>>({}) },
    { weight: 2, arbitrary: malformedBodies({ lockVersion: currentVersion, name: 'x', nested: { a: [1, 2] } }, ['lockVersion']).map(({ kind: _k, ...rest }) => rest) },
  );
  const query = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 4, arbitrary: fc.constantFrom<string | undefined>(...BAD_QUERIES) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(`lockVersion=${currentVersion}`, `lockVersion=${currentVersion + 7}`) },
  );
  const ifMatch = fc.oneof(
    { weight: 3, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 2, arbitrary: fc.constantFrom<string | undefined>(...BAD_ETAGS) },
    { weight: 1, arbitrary: fc.constantFrom<string | undefined>(`"${currentVersion}"`, `W/"${currentVersion + 1}"`) },
  );
  return fc.tuple(query, ifMatch, body).map(([q, m, b]) => {
    const kind = [q === undefined ? 'no query' : `query ${q.slice(0, 30)}`, m === undefined ? 'no If-Match' : `If-Match ${m}`, b.payload === undefined ? 'no body' : 'a body'].join(', ');
    return { kind, ...b, ...(q === undefined ? {} : { query: q }), ...(m === undefined ? {} : { ifMatch: m }) };
  });
}

// ---------------------------------------------------------------------------------------------
// The server's reading, mirrored

type Read = { ok: false; why: string } | { ok: true; value: unknown };

/** Does any string in the value contain U+0000? Iterative: values can be deeply nested. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return false;
}

function hasPoisonedKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return true;
      const c = (v as Record<string, unknown>).constructor;
      if (Object.prototype.hasOwnProperty.call(v, 'constructor') && c !== null && typeof c === 'object' && Object.prototype.hasOwnProperty.call(c, 'prototype')) return true;
      stack.push(...Object.values(v));
    }
  }
  return false;
}

/** What the route handler would get as its body, or why the parser refuses the request first. */
export function readBody(req: MalformedRequest): Read {
  const bytes = req.payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.payload) ? req.payload : Buffer.from(req.payload, 'utf8');
  const ct = req.contentType;
  if (ct === undefined) return bytes.length === 0 ? { ok: true, value: undefined } : { ok: false, why: 'a body without a content-type (415)' };
  const text = bytes.toString('utf8');
  if (/^\s*application\/json\s*(;.*)?$/i.test(ct)) {
    if (bytes.length === 0) return { ok: false, why: 'empty JSON body (400)' };
    const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch {
      return { ok: false, why: 'not JSON (400)' };
    }
    if (hasPoisonedKey(value)) return { ok: false, why: 'prototype poisoning (400)' };
    return { ok: true, value };
  }
  if (/^\s*text\/plain\s*(;.*)?$/i.test(ct)) return { ok: true, value: text };
  return { ok: false, why: `content-type ${ct} (415)` };
}

/** Why a request to a route with this body schema must be refused, or null when it might be accepted. */
export function whyInvalidBody(req: MalformedRequest, schema: ZodLike): string | null {
  const read = readBody(req);
  if (!read.ok) return read.why;
  if (!schema.safeParse(read.value).success) return 'the body schema refuses it';
  if (containsNul(read.value)) return 'text with U+0000';
  return null;
}

const ETAG = /^(?:W\/)?"(\d{1,9})"$/;

/** Why a DELETE …?lockVersion= request must be refused, or null when it might be accepted. */
export function whyInvalidDelete(req: MalformedRequest, querySchema: ZodLike): string | null {
  const read = readBody(req);
  if (!read.ok) return read.why;
  const params = new URLSearchParams(req.query ?? '');
  const query: Record<string, string | string[]> = {};
  for (const k of new Set(params.keys())) {
    const all = params.getAll(k);
    query[k] = all.length === 1 ? all[0]! : all;
  }
  const parsed = querySchema.safeParse(query) as { success: boolean; data?: { lockVersion?: number } };
  if (!parsed.success) return 'the query schema refuses it';
  let fromHeader: number | undefined;
  if (req.ifMatch !== undefined && req.ifMatch.length > 0) {
    const m = ETAG.exec(req.ifMatch.trim());
    if (!m) return 'If-Match is not an ETag';
    fromHeader = Number(m[1]);
  }
  const fromQuery = parsed.data?.lockVersion;
  if (fromHeader !== undefined && fromQuery !== undefined && fromHeader !== fromQuery) return 'If-Match and lockVersion disagree';
  if (fromHeader === undefined && fromQuery === undefined) return 'no version (428)';
  return null;
}

/** Which fields of a valid body are required: those whose removal the schema refuses. */
export function requiredFields(base: JsonObject, schema: ZodLike): string[] {
  return Object.keys(base).filter((k) => !schema.safeParse(withAt(base, [k], undefined)).success);
}
