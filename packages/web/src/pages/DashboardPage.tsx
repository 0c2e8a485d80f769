/**
 * The node at a glance for its data stewards: running the population, the funnel and the inventory. Visitors
 * who are not signed in get a short introduction and the way to sign in or to the public catalogue; anyone
 * else signed in is taken to the page of their work (api/access.ts), not shown a steward's page they may not use.
 */
import { Center, List, Loader, Stack, Text } from '@mantine/core';
import { Navigate } from 'react-router';
import { landingFor } from '../api/access.ts';
import { useSession } from '../api/queries.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { PublicLink } from '../components/RequireRole.tsx';
import { FunnelSection } from '../dashboard/FunnelSection.tsx';
import { InventorySection } from '../dashboard/InventorySection.tsx';
import { PopulationCard } from '../dashboard/PopulationCard.tsx';

function Intro({ signInConfigured }: { readonly signInConfigured: boolean }) {
  return (
    <Stack gap="sm" maw={720}>
      <Text>
        This is an OncoAtlas node: it populates a hospital&apos;s share of a federated cancer imaging atlas (EUCAIM). It
        de-identifies imaging studies and their clinical data, checks them, measures the re-identification risk of each
        dataset before it is released, and publishes the released datasets in a catalogue the federation harvests.
      </Text>
      <List size="sm" spacing={4}>
        <List.Item>Data stewards run the population, review held images and release and publish datasets.</List.Item>
        <List.Item>Researchers see the datasets of the node once signed in.</List.Item>
        <List.Item>Anyone can browse the public catalogue: no sign-in needed.</List.Item>
      </List>
      <Text>
        {signInConfigured
          ? <>Use <strong>Sign in</strong> at the top of the page, or </>
          : <>Browser sign-in is not configured on this node. </>}
        <PublicLink lower={signInConfigured} />{signInConfigured ? ' without signing in.' : ' is open to everyone.'}
      </Text>
    </Stack>
  );
}

export function DashboardPage() {
  const session = useSession();
  const state = session.data;
  if (session.isPending) {
    return <Page title="Dashboard"><Center py="xl"><Loader aria-label="Checking who is signed in" /></Center></Page>;
  }
  if (session.isError) {
    return <Page title="Dashboard"><ProblemAlert error={session.error} title="Could not check who is signed in" onRetry={() => void session.refetch()} /></Page>;
  }
  if (state?.kind === 'signed-out' || state?.kind === 'not-configured') {
    return <Page title="Welcome to OncoAtlas"><Intro signInConfigured={state.kind === 'signed-out'} /></Page>;
  }
  const landing = landingFor(state);
  if (landing) return <Navigate to={landing} replace />;
  return (
    <Page title="Dashboard" intro="Populate the atlas from the hospital's source and follow where every study ended.">
      <PopulationCard />
      <FunnelSection />
      <InventorySection />
    </Page>
  );
}
