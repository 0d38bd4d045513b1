/** A field path inside a manifest, as segments: `['spec', 'containers', 0, 'image']`. */
export type FieldPath = ReadonlyArray<string | number>;

/** Renders a field path as `spec.containers[0].image`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) {
      out += out ? `.${seg}` : seg;
    } else {
      out += `[${JSON.stringify(seg)}]`;
    }
  }
  return out;
}

/** Reads the value at `path`, or undefined. */
export function getIn(obj: unknown, path: FieldPath): unknown {
  let cur: any = obj;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}

/** True for a plain (non-array) object. */
export function isRecord(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
