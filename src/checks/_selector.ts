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

/**
 * Finds the items whose label selector matches a set of labels without testing every item: selectors
 * with matchLabels are indexed by their first key=value pair; the rest (empty or expression-only
 * selectors) are always candidates. Keeps cross-object rules linear on inputs of thousands of objects.
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, T[]>();
  private readonly always: T[] = [];

  constructor(items: T[], selectorOf: (item: T) => unknown) {
    for (const item of items) {
      const sel = selectorOf(item);
      const first = isRecord(sel) && isRecord(sel.matchLabels) ? Object.entries(sel.matchLabels)[0] : undefined;
      if (first) {
        const key = `${first[0]}=${first[1]}`;
        const list = this.byPair.get(key);
        if (list) list.push(item);
        else this.byPair.set(key, [item]);
      } else {
        this.always.push(item);
      }
    }
  }

  /** The items whose selector may match `labels` (callers still confirm with selectorMatches). */
  public candidates(labels: Record<string, string>): T[] {
    const out = [...this.always];
    for (const [k, v] of Object.entries(labels)) {
      const list = this.byPair.get(`${k}=${v}`);
      if (list) out.push(...list);
    }
    return out;
  }
}
