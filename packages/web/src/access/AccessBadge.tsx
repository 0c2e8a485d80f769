/** A request's, resource's, document's or permit's state as a badge: its word always shown, the colour only groups. */
import { Badge } from '@mantine/core';
import { stateColor, stateLabel } from './access-labels.ts';

/** The label is not cut with an ellipsis (Mantine's default): a table column grows to the whole word instead. */
const WHOLE_WORD = { root: { textTransform: 'none' }, label: { overflow: 'visible' } } as const;

export function AccessBadge({ state, prefix, size = 'sm' }: { readonly state: string; readonly prefix?: string; readonly size?: 'sm' | 'md' | 'lg' }) {
  return <Badge variant="light" color={stateColor(state)} size={size} styles={WHOLE_WORD}>{prefix ? `${prefix}: ` : ''}{stateLabel(state)}</Badge>;
}

