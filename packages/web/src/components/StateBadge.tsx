/** States as colour-coded badges; the word is always there, so colour is never the only signal. */
import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  running: 'blue', completed: 'green', failed: 'red', interrupted: 'orange',
  pending: 'yellow', approved: 'green', rejected: 'red',
  draft: 'gray', released: 'blue', published: 'green', invalidated: 'red',
  allowed: 'green', refused: 'red',
};

export function StateBadge({ state, size = 'sm' }: { readonly state: string; readonly size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  return <Badge color={COLORS[state] ?? 'gray'} variant="light" size={size}>{state}</Badge>;
}
