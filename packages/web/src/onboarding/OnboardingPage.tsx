/**
 * /onboarding at the hub: a data holder's representative (steward) starts onboardings and follows their
 * own; the access committee and the operator see the queue of every onboarding to review.
 */
import { Alert, Anchor, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { atHub } from '../api/access.ts';
import { useSession } from '../api/queries.ts';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { dateTime } from '../format.ts';
import { useOnboardings } from './onboarding-api.ts';
import { hubRolesOf, isReviewer } from './hub-roles.ts';
import { OnboardingStatusBadge } from './StateBadges.tsx';
import { StartOnboarding } from './StartOnboarding.tsx';

function OnboardingList({ caption }: { readonly caption: string }) {
  const list = useOnboardings();
  if (list.isPending) return <Group gap="xs"><Loader size="sm" aria-label="Loading the onboardings" /><Text size="sm">Loading…</Text></Group>;
  if (list.isError) return <ProblemAlert error={list.error} title="The onboardings could not be read" onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Empty title="No onboardings yet" />;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={caption} striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Node</Table.Th><Table.Th scope="col">Organisation</Table.Th><Table.Th scope="col">Path</Table.Th>
            <Table.Th scope="col">Status</Table.Th><Table.Th scope="col">Updated</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Th scope="row" fw={500}>
                <Anchor component={Link} to={`/onboarding/${encodeURIComponent(o.id)}`} aria-label={`Onboarding of ${o.nodeName || o.node}`}>{o.nodeName || o.node}</Anchor>
              </Table.Th>
              <Table.Td>{o.organisation}</Table.Td>
              <Table.Td>{o.path}</Table.Td>
              <Table.Td><OnboardingStatusBadge status={o.status} /></Table.Td>
              <Table.Td>{dateTime(o.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function OnboardingPage() {
  const session = useSession();
  const roles = hubRolesOf(session.data);
  const reviewer = isReviewer(roles);
  const steward = roles.includes('steward');
  return (
    <Page title={reviewer ? 'Onboarding reviews' : 'Onboarding'}
      intro={reviewer ? 'Data holders asking to join the atlas: check their documents and decide each review step.' : 'Join the atlas as a data holder: choose a path, upload its documents, and submit them for review.'}>
      {session.isPending ? <Loader aria-label="Checking who is signed in" /> : null}
      {session.data && !atHub(session.data) ? (
        <Alert color="gray" title="Onboarding happens at the hub"><Text size="sm">Sign in at the hub to start or review an onboarding. This node's agreements are on its Agreements page.</Text></Alert>
      ) : null}
      {session.data && atHub(session.data) && !reviewer && !steward ? (
        <Alert color="orange" title="For data holders and reviewers"><Text size="sm">This page needs the steward role (a data holder's representative), or the committee or operator role.</Text></Alert>
      ) : null}
      <Stack gap="lg">
        {reviewer ? <Section title="Queue" intro="Every onboarding, the newest change first."><OnboardingList caption="Onboardings to review" /></Section> : null}
        {steward ? (
          <>
            <Section title="Start an onboarding" intro="For a node that joined the hub: its datasets become searchable once the onboarding is approved."><StartOnboarding /></Section>
            <Section title="Your onboardings"><OnboardingList caption="Your onboardings" /></Section>
          </>
        ) : null}
      </Stack>
    </Page>
  );
}
