/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort` does),
 * at every depth, no whitespace, values written as `JSON.stringify` writes them. Keys whose
 * value is `undefined`, a function or a symbol are left out and such array items become
 * `null`, as with `JSON.stringify`; `toJSON` is honoured. Structurally equal values give the
 * same text whatever their key order, which is what the hash chain needs (DESIGN.md §4).
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new TypeError('canonicalJson: value is not representable as JSON');
  return text;
}

/**
 * A string that `JSON.stringify` writes other than as itself in quotes: it holds a quote, a
 * backslash, a control character or a surrogate (a lone one is escaped). Most strings of an
 * event (ids, codes, dates) hold none of these, and quoting them by hand is twice as fast as
 * the call into JSON.stringify; an append of 100 events writes several hundred of them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function writeString(value: string): string {
  return NEEDS_ESCAPING.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** `"key":` per object key: events of one type repeat the same few dozen keys. */
const quotedKeys = new Map<string, string>();
const QUOTED_KEYS_MAX = 10_000;

function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = `${writeString(key)}:`;
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'object':
      return value === null ? 'null' : writeObject(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not representable as JSON');
    default:
      return undefined; // undefined, function, symbol
  }
}

function writeObject(value: object): string | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    let out = `[${write(value[0]) ?? 'null'}`;
    for (let index = 1; index < value.length; index += 1) out += `,${write(value[index]) ?? 'null'}`;
    return `${out}]`;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON());
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (!isSorted(keys)) keys.sort();
  let out = '';
  for (const key of keys) {
    const text = write(record[key]);
    if (text === undefined) continue;
    out += (out === '' ? '{' : ',') + quotedKey(key) + text;
  }
  return out === '' ? '{}' : `${out}}`;
}

function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index += 1) {
    if ((keys[index - 1] as string) > (keys[index] as string)) return false;
  }
  return true;
}
