/** Appends `value` to the list under `key`. */
export function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The map under `key`, created when missing. */
export function mapAt<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

/**
 * Items indexed by namespace and label pair (`key=value`), for the cross-object rules that keep state
 * while they stream: nested maps, so no string is built per pair and the kept strings are the labels' own.
 * Most pairs (names, instances) are unique to one item, so a single item is stored as itself and only
 * pairs shared by several items get a list. Items must not be arrays.
 */
export class PairIndex<T extends object> {
  private readonly index = new Map<string, Map<string, Map<string, T | T[]>>>();

  public add(ns: string, key: string, value: string, item: T): void {
    const byValue = mapAt(mapAt(this.index, ns), key);
    const at = byValue.get(value);
    if (at === undefined) byValue.set(value, item);
    else if (Array.isArray(at)) at.push(item);
    else byValue.set(value, [at, item]);
  }

  /** The items under this pair (a fresh array when one item is stored alone). */
  public get(ns: string, key: string, value: string): readonly T[] | undefined {
    const at = this.index.get(ns)?.get(key)?.get(value);
    return at === undefined || Array.isArray(at) ? at : [at];
  }

  /** Calls `fn` with the items of every pair that has any. */
  public forEach(fn: (items: readonly T[]) => void): void {
    for (const byKey of this.index.values()) {
      for (const byValue of byKey.values()) for (const at of byValue.values()) fn(Array.isArray(at) ? at : [at]);
    }
  }

  public remove(ns: string, key: string, value: string, item: T): void {
    const byValue = this.index.get(ns)?.get(key);
    const at = byValue?.get(value);
    if (!byValue || at === undefined) return;
    if (!Array.isArray(at)) {
      if (at === item) byValue.delete(value);
      return;
    }
    const i = at.indexOf(item);
    if (i >= 0) at.splice(i, 1);
    if (at.length === 1) byValue.set(value, at[0]);
    else if (at.length === 0) byValue.delete(value);
  }
}

/**
 * Returns one shared copy of each string: what streaming rules keep of parsed YAML (label keys and values)
 * is copied out of the document text once, and repeated keys and values cost nothing more.
 */
export class Interner {
  private readonly strings = new Map<string, string>();

  /** `copy` detaches a value from the parsed document (identity for objects built in memory). */
  constructor(private readonly copy: <T>(value: T) => T) {}

  public of(s: string): string {
    let kept = this.strings.get(s);
    if (kept === undefined) {
      kept = this.copy(s);
      this.strings.set(kept, kept);
    }
    return kept;
  }

  /** A copy of a label map with every key and string value interned. */
  public labels<T extends Record<string, unknown>>(labels: T): T {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(labels)) {
      out[this.of(k)] = typeof v === 'string' ? this.of(v) : this.copy(v);
    }
    return out as T;
  }
}
