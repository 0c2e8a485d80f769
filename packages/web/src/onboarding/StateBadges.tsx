/** Document and onboarding states as badges; the word is always there, so colour is never the only signal. */
import { Badge } from '@mantine/core';
import { STATE_COLORS } from './onboarding.ts';
import type { DocumentState, OnboardingStatus } from './onboarding-types.ts';

export function DocumentStateBadge({ state }: { readonly state: DocumentState }) {
  return <Badge color={STATE_COLORS[state] ?? 'gray'} variant="light" size="sm">{state}</Badge>;
}

export function OnboardingStatusBadge({ status, size = 'sm' }: { readonly status: OnboardingStatus; readonly size?: 'sm' | 'md' | 'lg' }) {
  return <Badge color={STATE_COLORS[status] ?? 'gray'} variant="light" size={size}>{status}</Badge>;
}
