/**
 * The cart as React state over localStorage: every page (and every tab, through the `storage` event) sees the
 * same cart. The pure rules are in cart.ts.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { CART_STORAGE_KEY, readCart, withItem, withoutItem, writeCart, type CartItem } from './cart.ts';

const listeners = new Set<() => void>();
let snapshot: { raw: string | null; items: CartItem[] } = { raw: null, items: [] };

function current(): CartItem[] {
  const raw = localStorage.getItem(CART_STORAGE_KEY);
  // A stable array while the stored text is unchanged, as useSyncExternalStore requires.
  if (raw !== snapshot.raw) snapshot = { raw, items: readCart(localStorage) };
  return snapshot.items;
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const onStorage = (e: StorageEvent) => { if (e.key === CART_STORAGE_KEY) onChange(); };
  window.addEventListener('storage', onStorage);
  return () => { listeners.delete(onChange); window.removeEventListener('storage', onStorage); };
}

function save(items: readonly CartItem[]): void {
  writeCart(localStorage, items);
  for (const l of listeners) l();
}

export function useCart() {
  const items = useSyncExternalStore(subscribe, current);
  const add = useCallback((item: Omit<CartItem, 'addedAt'>) => save(withItem(current(), item, new Date())), []);
  const remove = useCallback((key: Pick<CartItem, 'site' | 'collectionId'>) => save(withoutItem(current(), key)), []);
  const clear = useCallback(() => save([]), []);
  return { items, add, remove, clear };
}
