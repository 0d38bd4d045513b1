/**
 * CS305 / CS306 see "allow everything" in every spelling: any IPv4 or IPv6 /0, CIDR sets that cover a whole
 * family together, and a namespaceSelector every namespace matches.
 */
import * as fc from 'fast-check';
import { check, expectSuppressed, NAMESPACE, Obj, of } from './_fixtures';
import { cidrRange, fullFamilies, ipBlockRanges } from '../../../src/checks/rules/network/_cidr';

const policy = (ingressPeers: Obj[], egressPeers: Obj[] = [{ podSelector: { matchLabels: { app: 'db' } } }]): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'web', namespace: NAMESPACE },
  spec: {
    podSelector: { matchLabels: { app: 'web' } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: ingressPeers }],
    egress: [{ to: egressPeers }],
  },
});
const ipBlock = (cidr: string, except?: string[]) => ({ ipBlock: { cidr, ...(except ? { except } : {}) } });
const cs305 = (peers: Obj[]) => of(check(policy(peers)), 'CS305');

describe('CS305 / CS306: allow-all in other spellings', () => {
  test.each<[string, Obj[]]>([
    ['0::/0', [ipBlock('0::/0')]],
    ['0:0:0:0:0:0:0:0/0', [ipBlock('0:0:0:0:0:0:0:0/0')]],
    ['::/0', [ipBlock('::/0')]],
    ['10.0.0.0/0 (any IPv4 address with /0)', [ipBlock('10.0.0.0/0')]],
    ['2001:db8::/0', [ipBlock('2001:db8::/0')]],
    ['0.0.0.0/1 and 128.0.0.0/1', [ipBlock('0.0.0.0/1'), ipBlock('128.0.0.0/1')]],
    ['::/1 and 8000::/1', [ipBlock('::/1'), ipBlock('8000::/1')]],
    ['four /2 blocks, out of order', [ipBlock('192.0.0.0/2'), ipBlock('0.0.0.0/2'), ipBlock('128.0.0.0/2'), ipBlock('64.0.0.0/2')]],
    ['0.0.0.0/0 except a range, plus that range', [ipBlock('0.0.0.0/0', ['10.0.0.0/8']), ipBlock('10.0.0.0/8')]],
    ['namespaceSelector kubernetes.io/metadata.name Exists', [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }]],
    ['that namespaceSelector with an empty podSelector', [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] }, podSelector: {} }]],
  ])('reports ingress from %s', (_name, peers) => {
    expect(cs305(peers).map(f => [f.path, f.message])).toEqual([['spec.ingress[0]', 'ingress rule 0 allows traffic from any source']]);
  });

  test('reports egress to ::/0 spelled 0:0:0:0:0:0:0:0/0', () => {
    const obj = policy([{ podSelector: { matchLabels: { app: 'lb' } } }], [ipBlock('0:0:0:0:0:0:0:0/0')]);
    expect(of(check(obj), 'CS306').map(f => f.path)).toEqual(['spec.egress[0]']);
  });

  test.each<[string, Obj[]]>([
    ['0.0.0.0/1 alone', [ipBlock('0.0.0.0/1')]],
    ['0.0.0.0/1 and 128.0.0.0/2', [ipBlock('0.0.0.0/1'), ipBlock('128.0.0.0/2')]],
    ['0.0.0.0/0 except the metadata endpoint', [ipBlock('0.0.0.0/0', ['169.254.169.254/32'])]],
    ['::/0 except a range', [ipBlock('::/0', ['fd00::/8'])]],
    ['half of IPv4 and half of IPv6', [ipBlock('0.0.0.0/1'), ipBlock('8000::/1')]],
    ['a namespaceSelector on another label with Exists', [{ namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } }]],
    ['kubernetes.io/metadata.name Exists plus a label', [{ namespaceSelector: { matchLabels: { env: 'prod' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }]],
    ['kubernetes.io/metadata.name NotIn a list', [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } }]],
    ['every namespace, but only some pods', [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'lb' } } }]],
    ['an invalid CIDR', [ipBlock('0.0.0.0')]],
    ['an invalid /0', [ipBlock('300.0.0.0/0')]],
  ])('accepts ingress from %s', (_name, peers) => {
    expect(cs305(peers)).toEqual([]);
  });

  test('a suppression with a reason keeps the finding, marked suppressed', () => {
    expectSuppressed(policy([ipBlock('0::/0')]), 'CS305');
  });
});

describe('CIDR ranges', () => {
  test('parses IPv4 and IPv6 spellings to the same ranges', () => {
    expect(cidrRange('::/0')).toEqual(cidrRange('0:0:0:0:0:0:0:0/0'));
    expect(cidrRange('::ffff:10.0.0.0/104')).toEqual(cidrRange('0:0:0:0:0:ffff:a00:0/104'));
    expect(cidrRange('10.1.2.3/8')).toEqual(cidrRange('10.0.0.0/8'));
    expect(cidrRange('10.0.0.0/8')).toEqual({ v6: false, start: BigInt(10 * 2 ** 24), end: BigInt(11 * 2 ** 24 - 1) });
  });

  test.each(['10.0.0.0', '10.0.0/8', '10.0.0.256/8', '10.0.0.0/33', '::1::/64', '1:2:3:4:5:6:7:8:9/64', 'g::/16', '::/129', 'a'.repeat(100), ''])('refuses %j', (text) => {
    expect(cidrRange(text)).toBeUndefined();
  });

  test('a family is covered exactly when every piece of a random split of it is kept (property)', () => {
    // Split 0.0.0.0/0 (or ::/0) into halves at random, then keep every block or drop one.
    const split = (v6: boolean, choices: number[]): string[] => {
      let blocks: Array<{ start: bigint; prefix: number }> = [{ start: BigInt(0), prefix: 0 }];
      const bits = v6 ? 128 : 32;
      for (const c of choices) {
        const i = c % blocks.length;
        const b = blocks[i];
        if (b.prefix >= bits) continue;
        const half = BigInt(2) ** BigInt(bits - b.prefix - 1);
        const halves = [{ start: b.start, prefix: b.prefix + 1 }, { start: b.start + half, prefix: b.prefix + 1 }];
        blocks = [...blocks.slice(0, i), ...halves, ...blocks.slice(i + 1)];
      }
      const digit = (n: bigint, at: number, width: number) => (n / BigInt(2) ** BigInt(width * at)) % BigInt(2) ** BigInt(width);
      return blocks.map(b => v6
        ? `${[7, 6, 5, 4, 3, 2, 1, 0].map(g => digit(b.start, g, 16).toString(16)).join(':')}/${b.prefix}`
        : `${[3, 2, 1, 0].map(o => digit(b.start, o, 8).toString()).join('.')}/${b.prefix}`);
    };
    fc.assert(fc.property(fc.boolean(), fc.array(fc.nat(), { maxLength: 20 }), fc.option(fc.nat()), (v6, choices, dropAt) => {
      const blocks = split(v6, choices);
      const kept = dropAt === null ? blocks : blocks.filter((_, i) => i !== dropAt % blocks.length);
      const ranges = kept.flatMap(b => ipBlockRanges({ cidr: b }) ?? []);
      expect(ranges).toHaveLength(kept.length);
      expect(fullFamilies(ranges)).toEqual(dropAt === null ? [v6 ? 'IPv6' : 'IPv4'] : []);
    }), { numRuns: 300 });
  });
});
