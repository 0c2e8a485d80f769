/**
 * Pages only some users may see: the page says who may and how to become that user, rather than showing
 * the API's 401/403 for each of its requests.
 */
import { Alert, Anchor, Center, Loader, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ReactNode } from 'react';
import { isSteward, useSession } from '../api/queries.ts';
import { ProblemAlert } from './ProblemAlert.tsx';

/**
 * The way to the public catalogue from a guard. Its text avoids the navigation's link names ("Catalogue",
 * "Datasets"), so "the Catalogue link" means one link on every page.
 */
export function PublicLink({ lower = false }: { readonly lower?: boolean }) {
  return <Anchor component={Link} to="/catalogue">{lower ? 'what this node publishes' : 'What this node publishes'}</Anchor>;
}

export function RequireRole({ stewards, children }: { readonly stewards: boolean; readonly children: ReactNode }) {
  const session = useSession();
  if (session.isPending) return <Center py="xl"><Loader aria-label="Checking who is signed in" /></Center>;
  if (session.isError) return <ProblemAlert error={session.error} title="Could not check who is signed in" onRetry={() => void session.refetch()} />;
  const state = session.data;
  const who = stewards ? 'data stewards' : 'signed-in users';
  if (state.kind === 'not-configured') {
    return (
      <Alert color="gray" title="Sign-in is not configured on this node">
        <Text size="sm">This page is for {who}, and this node has no browser sign-in. <PublicLink /> is open to everyone; the node&apos;s administrator can enable sign-in (oncoatlas serve, docs/server.md).</Text>
      </Alert>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <Alert color="blue" title={stewards ? 'Sign in as a data steward' : 'Sign in to see this page'}>
        <Text size="sm">This page is for {who}. <Anchor href="/auth/login">{stewards ? 'Sign in as a data steward' : 'Go to the sign-in page'}</Anchor>, or look at <PublicLink lower /> without signing in.</Text>
      </Alert>
    );
  }
  if (stewards && !isSteward(state)) {
    return (
      <Alert color="orange" title="Sign in as a data steward">
        <Text size="sm">You are signed in as {state.session.subject} with the role{state.session.roles.length === 1 ? '' : 's'} {state.session.roles.join(', ') || '(none)'}; this page needs the steward or admin role. Sign out and sign in again with a data steward&apos;s account, or look at <PublicLink lower />.</Text>
      </Alert>
    );
  }
  return <>{children}</>;
}
