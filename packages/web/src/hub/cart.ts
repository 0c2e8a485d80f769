/**
 * The researcher's cart: the datasets (collections, by node) they mean to request access to, kept in the
 * browser's localStorage so it survives reloads and new searches. It holds dataset ids and titles only, which
 * the nodes publish in their catalogues anyway; no count and nothing about a patient. The request itself is the
 * next step of the access workflow.
 */
export interface CartItem {
  readonly site: string;
  readonly collectionId: string;
  readonly name: string;
  /** ISO time it was added: the cart lists the oldest first. */
  readonly addedAt: string;
}

export const CART_STORAGE_KEY = 'oncoatlas.hub.cart.v1';

/** The part of the Web Storage API the cart uses, so tests pass a Map-backed fake. */
export interface CartStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const sameItem = (a: Pick<CartItem, 'site' | 'collectionId'>, b: Pick<CartItem, 'site' | 'collectionId'>): boolean =>
  a.site === b.site && a.collectionId === b.collectionId;

function isItem(v: unknown): v is CartItem {
  const i = v as Partial<CartItem> | null;
  return typeof i === 'object' && i !== null && typeof i.site === 'string' && typeof i.collectionId === 'string' && typeof i.name === 'string' && typeof i.addedAt === 'string';
}

/** What is stored, or an empty cart when nothing or something unreadable is (a cart is not worth an error page). */
export function readCart(storage: CartStorage): CartItem[] {
  try {
    const v = JSON.parse(storage.getItem(CART_STORAGE_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter(isItem) : [];
  } catch {
    return [];
  }
}

export function inCart(items: readonly CartItem[], key: Pick<CartItem, 'site' | 'collectionId'>): boolean {
  return items.some((i) => sameItem(i, key));
}

export function withItem(items: readonly CartItem[], item: Omit<CartItem, 'addedAt'>, now: Date): CartItem[] {
  return inCart(items, item) ? [...items] : [...items, { ...item, addedAt: now.toISOString() }];
}

export function withoutItem(items: readonly CartItem[], key: Pick<CartItem, 'site' | 'collectionId'>): CartItem[] {
  return items.filter((i) => !sameItem(i, key));
}

export function writeCart(storage: CartStorage, items: readonly CartItem[]): void {
  storage.setItem(CART_STORAGE_KEY, JSON.stringify(items));
}

/** The cart's datasets grouped by node, for the request to split by data holder. */
export function cartBySite(items: readonly CartItem[]): [string, CartItem[]][] {
  const by = new Map<string, CartItem[]>();
  for (const i of items) by.set(i.site, [...(by.get(i.site) ?? []), i]);
  return [...by].sort(([a], [b]) => a.localeCompare(b));
}
