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
 */
export class PairIndex<T> {
  private readonly index = new Map<string, Map<string, Map<string, T[]>>>();

  public add(ns: string, key: string, value: string, item: T): void {
    push(mapAt(mapAt(this.index, ns), key), value, item);
  }

  public get(ns: string, key: string, value: string): T[] | undefined {
    return this.index.get(ns)?.get(key)?.get(value);
  }

  /** Calls `fn` with every non-empty list. */
  public forEach(fn: (items: T[]) => void): void {
    for (const byKey of this.index.values()) for (const byValue of byKey.values()) for (const list of byValue.values()) if (list.length > 0) fn(list);
  }

  public remove(ns: string, key: string, value: string, item: T): void {
    const byValue = this.index.get(ns)?.get(key);
    const list = byValue?.get(value);
    if (!byValue || !list) return;
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) byValue.delete(value);
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
