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
