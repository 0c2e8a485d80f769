import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CART_STORAGE_KEY, cartBySite, inCart, readCart, withItem, withoutItem, writeCart, type CartStorage } from './cart.ts';

const memory = (): CartStorage & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

test('the cart adds each dataset once, removes it, and survives a reload', () => {
  const storage = memory();
  const at = new Date('2025-01-02T03:04:05Z');
  let items = withItem(readCart(storage), { site: 'node-b', collectionId: 'd2', name: 'Breast MR' }, at);
  items = withItem(items, { site: 'node-a', collectionId: 'd1', name: 'Lung CT' }, at);
  items = withItem(items, { site: 'node-a', collectionId: 'd1', name: 'Lung CT' }, new Date());
  assert.equal(items.length, 2);
  writeCart(storage, items);
  assert.deepEqual(readCart(storage), items);
  assert.ok(inCart(items, { site: 'node-a', collectionId: 'd1' }));
  assert.ok(!inCart(items, { site: 'node-b', collectionId: 'd1' }), 'the same id at another node is another dataset');
  assert.deepEqual(cartBySite(items).map(([s, is]) => [s, is.map((i) => i.collectionId)]), [['node-a', ['d1']], ['node-b', ['d2']]]);
  assert.deepEqual(withoutItem(items, { site: 'node-b', collectionId: 'd2' }).map((i) => i.collectionId), ['d1']);
});

test('an unreadable stored cart reads as empty, and foreign entries are dropped', () => {
  const storage = memory();
  storage.setItem(CART_STORAGE_KEY, '{not json');
  assert.deepEqual(readCart(storage), []);
  storage.setItem(CART_STORAGE_KEY, JSON.stringify([{ site: 'a', collectionId: 'x', name: 'X', addedAt: '2025-01-01T00:00:00Z' }, { site: 1 }, null]));
  assert.equal(readCart(storage).length, 1);
});
