import { Interner, PairIndex, push } from './_multimap';
import { isRecord } from './_path';

/** True for a LabelSelector that selects everything (`{}`: no matchLabels, no matchExpressions). */
export function isEmptySelector(selector: unknown): boolean {
  return isRecord(selector) && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** True when a Kubernetes LabelSelector matches `labels`. An empty selector matches everything. */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: string[] = Array.isArray(e.values) ? e.values : [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** The matchLabels pairs of a selector, values as strings (what pair indexes file a selector under). */
export function matchPairs(selector: unknown): Array<[string, string]> {
  return isRecord(selector) && isRecord(selector.matchLabels) ? Object.entries(selector.matchLabels).map(([k, v]) => [k, String(v)]) : [];
}

/**
 * Items that carry a LabelSelector (NetworkPolicies, or groups of them), filed per namespace under the
 * selector's first matchLabels pair, or under the namespace alone when it has none. The items whose selector
 * may match a label set are then found without testing every item, and an item with an equal selector
 * without comparing against all of them.
 */
export class SelectorIndex<T extends { readonly selector: unknown }> {
  private readonly byPair = new PairIndex<T>();
  private readonly unpaired = new Map<string, T[]>();

  /** The item filed with a selector equal to `selector` (same JSON), if any. */
  public find(ns: string, selector: unknown): T | undefined {
    const key = JSON.stringify(selector);
    return this.filedWith(ns, selector)?.find(x => JSON.stringify(x.selector) === key);
  }

  /** Files `item` under its selector; the namespace and pair are kept through `strings`. */
  public add(ns: string, item: T, strings: Interner): void {
    const first = matchPairs(item.selector)[0];
    if (first) this.byPair.add(strings.of(ns), strings.of(first[0]), strings.of(first[1]), item);
    else push(this.unpaired, strings.of(ns), item);
  }

  public remove(ns: string, item: T): void {
    const first = matchPairs(item.selector)[0];
    if (first) {
      this.byPair.remove(ns, first[0], first[1], item);
    } else {
      const list = this.unpaired.get(ns);
      const i = list ? list.indexOf(item) : -1;
      if (i >= 0) list!.splice(i, 1);
    }
  }

  /** The items of the namespace whose selector may match `labels` (confirm with selectorMatches), in a fresh list. */
  public candidates(ns: string, labels: Record<string, unknown>): T[] {
    const out = [...(this.unpaired.get(ns) ?? [])];
    for (const [k, v] of Object.entries(labels)) out.push(...(this.byPair.get(ns, k, String(v)) ?? []));
    return out;
  }

  /** Every item. */
  public all(): T[] {
    const out: T[] = [];
    this.byPair.forEach(list => { out.push(...list); });
    for (const list of this.unpaired.values()) out.push(...list);
    return out;
  }

  private filedWith(ns: string, selector: unknown): readonly T[] | undefined {
    const first = matchPairs(selector)[0];
    return first ? this.byPair.get(ns, first[0], first[1]) : this.unpaired.get(ns);
  }
}
