/**
 * The three states of a report read from the node before its data is there: loading, not written yet (a 404
 * REPORT_NOT_FOUND says what makes it), or failed with the problem's code. One component, so every report
 * section says them the same way.
 */
import { Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { isNotFound } from '../api/queries.ts';
import { Empty } from './EmptyState.tsx';
import { ProblemAlert } from './ProblemAlert.tsx';

export interface ReportStatusProps {
  readonly query: { readonly isPending: boolean; readonly isError: boolean; readonly error: unknown; refetch(): Promise<unknown> };
  /** What is loading, for screen readers: "the funnel". */
  readonly what: string;
  /** Title and explanation shown when the node has not written the report yet. */
  readonly empty: { readonly title: string; readonly text: ReactNode };
}

export function ReportStatus({ query, what, empty }: ReportStatusProps) {
  if (query.isPending) return <Group gap="xs"><Loader size="sm" aria-label={`Loading ${what}`} /><Text size="sm">Loading…</Text></Group>;
  if (!query.isError) return null;
  if (isNotFound(query.error)) return <Empty title={empty.title}>{empty.text}</Empty>;
  return <ProblemAlert error={query.error} title={`${what[0]!.toUpperCase()}${what.slice(1)} could not be read`} onRetry={() => void query.refetch()} />;
}
