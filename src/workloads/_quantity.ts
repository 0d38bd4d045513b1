/** Parses a Kubernetes cpu quantity (`250m`, `0.5`, `2`) to millicores, or undefined when malformed. */
export function cpuMillis(q: string): number | undefined {
  const m = /^([+-]?\d+(?:\.\d+)?)(m?)$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === 'm' ? n : n * 1000;
}
