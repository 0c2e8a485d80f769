/** A request's, resource's, document's or permit's state as a badge: its word always shown, the colour only groups. */
import { Badge } from '@mantine/core';
import type { CSSProperties } from 'react';
import { stateColor, stateLabel } from './access-labels.ts';

/** The label is not cut with an ellipsis (Mantine's default): a table column grows to the whole word instead. */
const WHOLE_WORD = { root: { textTransform: 'none' }, label: { overflow: 'visible' } } as const;

export function AccessBadge({ state, prefix, size = 'sm' }: { readonly state: string; readonly prefix?: string; readonly size?: 'sm' | 'md' | 'lg' }) {
  return <Badge variant="light" color={stateColor(state)} size={size} styles={WHOLE_WORD}>{prefix ? `${prefix}: ` : ''}{stateLabel(state)}</Badge>;
}

/**
 * Mantine draws a field's problem in `--mantine-color-error` (red 6: 3.3:1 on white, under WCAG AA's 4.5:1);
 * the access pages' forms set it to red 9 on their container (modals too: they render in a portal).
 */
export const READABLE_ERRORS = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties;
