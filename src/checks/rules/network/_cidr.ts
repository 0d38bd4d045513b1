/**
 * IPv4 and IPv6 CIDR blocks as address ranges, to decide whether the ipBlocks of a NetworkPolicy rule
 * together cover every address of a family (`0.0.0.0/1` + `128.0.0.0/1` is as open as `0.0.0.0/0`).
 * Parsing is by hand, character by character: linear in the length of the text.
 */

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  readonly v6: boolean;
  readonly start: bigint;
  readonly end: bigint;
}

const BITS = { v4: 32, v6: 128 };
const ZERO = BigInt(0);
const ONE = BigInt(1);
/** 2^n as a bigint (arithmetic instead of bit shifts). */
const pow2 = (n: number): bigint => BigInt(2) ** BigInt(n);

function parseV4(addr: string): bigint | undefined {
  const parts = addr.split('.');
  if (parts.length !== 4) return undefined;
  let n = ZERO;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * pow2(8) + BigInt(Number(p));
  }
  return n;
}

function parseV6(addr: string): bigint | undefined {
  let head = addr;
  let tail = '';
  const gap = addr.indexOf('::');
  if (gap >= 0) {
    head = addr.slice(0, gap);
    tail = addr.slice(gap + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const items = s.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      // An embedded IPv4 address (::ffff:10.0.0.1) as the last two groups.
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 / pow2(16)), Number(v4 % pow2(16)));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (!h || !t) return undefined;
  const missing = 8 - h.length - t.length;
  if (gap >= 0 ? missing < 1 : missing !== 0) return undefined;
  let n = ZERO;
  for (const g of [...h, ...new Array(missing).fill(0), ...t]) n = n * pow2(16) + BigInt(g);
  return n;
}

/** The addresses of a CIDR block (`10.0.0.0/8`, `0::/0`), or undefined for text that is not one. */
export function cidrRange(cidr: unknown): AddressRange | undefined {
  if (typeof cidr !== 'string' || cidr.length > 64) return undefined;
  const slash = cidr.indexOf('/');
  if (slash < 0) return undefined;
  const addr = cidr.slice(0, slash);
  const prefixText = cidr.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const v6 = addr.includes(':');
  const bits = v6 ? BITS.v6 : BITS.v4;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const n = v6 ? parseV6(addr) : parseV4(addr);
  if (n === undefined) return undefined;
  const size = pow2(bits - prefix);
  const start = (n / size) * size;
  return { v6, start, end: start + size - ONE };
}

/** `ranges` minus `holes` (same family). */
function subtract(ranges: AddressRange[], hole: AddressRange): AddressRange[] {
  return ranges.flatMap(r => {
    if (r.v6 !== hole.v6 || hole.end < r.start || hole.start > r.end) return [r];
    const out: AddressRange[] = [];
    if (hole.start > r.start) out.push({ v6: r.v6, start: r.start, end: hole.start - ONE });
    if (hole.end < r.end) out.push({ v6: r.v6, start: hole.end + ONE, end: r.end });
    return out;
  });
}

/** The addresses an ipBlock admits: its cidr minus its except blocks. Undefined when the cidr is not valid. */
export function ipBlockRanges(ipBlock: Record<string, any>): AddressRange[] | undefined {
  const base = cidrRange(ipBlock.cidr);
  if (!base) return undefined;
  let ranges = [base];
  for (const e of Array.isArray(ipBlock.except) ? ipBlock.except : []) {
    const hole = cidrRange(e);
    if (hole) ranges = subtract(ranges, hole);
  }
  return ranges;
}

/** The families (`IPv4`, `IPv6`) every address of which the ranges cover together. */
export function fullFamilies(ranges: AddressRange[]): string[] {
  const out: string[] = [];
  for (const v6 of [false, true]) {
    const max = pow2(v6 ? BITS.v6 : BITS.v4) - ONE;
    const sorted = ranges.filter(r => r.v6 === v6).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    let next = ZERO;
    for (const r of sorted) {
      if (r.start > next) break;
      if (r.end + ONE > next) next = r.end + ONE;
    }
    if (next > max) out.push(v6 ? 'IPv6' : 'IPv4');
  }
  return out;
}
