/**
 * /onboarding/:id at the hub: one data holder's onboarding. The holder uploads each document of the path's
 * checklist and submits them for review; the committee and the operator accept or reject each document and
 * walk the review steps.
 */
import { Alert, Anchor, Button, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { dateTime } from '../format.ts';
import { ChecklistItem } from './ChecklistItem.tsx';
import { useOnboarding, useSubmitOnboarding } from './onboarding-api.ts';
import { mayDo, openRequired } from './onboarding.ts';
import type { OnboardingView } from './onboarding-types.ts';
import { ReviewSteps } from './ReviewSteps.tsx';
import { OnboardingStatusBadge } from './StateBadges.tsx';

function Submit({ view }: { readonly view: OnboardingView }) {
  const submit = useSubmitOnboarding(view.onboarding.id);
  const open = openRequired(view);
  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Button onClick={() => submit.mutate(undefined)} loading={submit.isPending}>Submit for review</Button>
        <Text size="sm" c="dimmed" aria-live="polite">
          {open.length === 0 ? 'Every required document is uploaded.' : `Still needed: ${open.join(', ')}.`}
        </Text>
      </Group>
      {submit.isError ? <ProblemAlert error={submit.error} title="The onboarding was not submitted" /> : null}
    </Stack>
  );
}

function Detail({ view }: { readonly view: OnboardingView }) {
  const o = view.onboarding;
  const may = mayDo(view);
  return (
    <Stack gap="lg">
      <Group gap="sm" aria-live="polite">
        <Text fw={600}>Status:</Text><OnboardingStatusBadge status={o.status} size="md" />
        {o.decidedAt ? <Text size="sm" c="dimmed">decided on {dateTime(o.decidedAt)}</Text> : null}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
        <Text size="sm"><b>Node:</b> {o.nodeName || o.node} <Text span size="xs" ff="monospace" c="dimmed">{o.node}</Text></Text>
        <Text size="sm"><b>Path:</b> {o.path === 'federated' ? 'federated node' : 'transfer to a reference node'}</Text>
        <Text size="sm"><b>Organisation:</b> {o.organisation}</Text>
        <Text size="sm"><b>Contact:</b> {o.contact.name} &lt;{o.contact.email}&gt;</Text>
        <Text size="sm"><b>Started by:</b> {o.createdBy} on {dateTime(o.createdAt)}</Text>
      </SimpleGrid>
      {o.status === 'returned' ? <Alert color="orange" title="Returned for changes"><Text size="sm">A review step returned the onboarding: see its reason under Review, replace the documents and submit again.</Text></Alert> : null}
      <Section title="Documents" intro="The path's checklist. Accepted documents that expire stop counting after their date.">
        <Stack gap="sm">
          {view.checklist.map((item) => (
            <ChecklistItem key={item.kind.id} onboarding={o.id} item={item} canUpload={may.upload} canDecide={may.decideDocuments} />
          ))}
          {may.submit ? <Submit view={view} /> : null}
        </Stack>
      </Section>
      <Section title="Review" intro="The boards decide in order; the last step approves the onboarding.">
        <ReviewSteps view={view} canDecide={may.review} />
      </Section>
    </Stack>
  );
}

export function OnboardingDetailPage() {
  const { id = '' } = useParams();
  const view = useOnboarding(id);
  const title = view.data ? `Onboarding of ${view.data.onboarding.nodeName || view.data.onboarding.node}` : 'Onboarding';
  return (
    <Page title={title} intro={<Anchor component={Link} to="/onboarding">All onboardings</Anchor>}>
      {view.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the onboarding" /><Text size="sm">Loading…</Text></Group> : null}
      {view.isError ? <ProblemAlert error={view.error} title="The onboarding could not be read" onRetry={() => void view.refetch()} /> : null}
      {view.data ? <Detail view={view.data} /> : null}
    </Page>
  );
}
