import * as fc from 'fast-check';
import { PairIndex } from '../../src/checks/_multimap';

/*
 * PairIndex stores a pair's only item without a list and switches between the two forms as items come and
 * go; a plain map of arrays is the reference it must agree with after every step.
 */

interface Item { readonly id: number }

const ns = fc.constantFrom('', 'shop', 'pay');
const key = fc.constantFrom('app', 'tier');
const value = fc.constantFrom('a', 'b', 'c');
const op = fc.record({ add: fc.boolean(), ns, key, value, item: fc.integer({ min: 0, max: 5 }) });

test('random adds and removes: every pair lists the same items, in the same order, as a map of arrays', () => {
  fc.assert(fc.property(fc.array(op, { maxLength: 60 }), ops => {
    const items = Array.from({ length: 6 }, (_, id): Item => ({ id }));
    const index = new PairIndex<Item>();
    const model = new Map<string, Item[]>();
    for (const o of ops) {
      const at = `${o.ns}/${o.key}=${o.value}`;
      const list = model.get(at) ?? [];
      if (o.add) {
        index.add(o.ns, o.key, o.value, items[o.item]);
        model.set(at, [...list, items[o.item]]);
      } else {
        index.remove(o.ns, o.key, o.value, items[o.item]);
        const i = list.indexOf(items[o.item]);
        const rest = i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
        if (rest.length > 0) model.set(at, rest);
        else model.delete(at);
      }
      for (const n of ['', 'shop', 'pay']) {
        for (const k of ['app', 'tier']) {
          for (const v of ['a', 'b', 'c']) {
            expect(index.get(n, k, v)).toEqual(model.get(`${n}/${k}=${v}`));
          }
        }
      }
    }
    const seen: Item[][] = [];
    index.forEach(list => seen.push([...list]));
    expect(seen.sort(byIds)).toEqual([...model.values()].sort(byIds));
  }), { numRuns: 500 });
});

test('one item is returned in a list, and removing an item that is not there changes nothing', () => {
  const index = new PairIndex<Item>();
  const a = { id: 1 };
  const b = { id: 2 };
  index.add('shop', 'app', 'web', a);
  expect(index.get('shop', 'app', 'web')).toEqual([a]);
  index.remove('shop', 'app', 'web', b);
  expect(index.get('shop', 'app', 'web')).toEqual([a]);
  index.add('shop', 'app', 'web', b);
  index.remove('shop', 'app', 'web', a);
  expect(index.get('shop', 'app', 'web')).toEqual([b]);
  index.remove('shop', 'app', 'web', b);
  expect(index.get('shop', 'app', 'web')).toBeUndefined();
  expect(index.get('other', 'app', 'web')).toBeUndefined();
});

function byIds(a: Item[], b: Item[]): number {
  return a.map(i => i.id).join(',').localeCompare(b.map(i => i.id).join(','));
}
