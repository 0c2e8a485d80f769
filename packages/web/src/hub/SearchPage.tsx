/**
 * The hub's federated search for researchers, built on samply Lens as EUCAIM's explorer is: Lens's search bar
 * (one bar per OR group, AND within a bar), its catalogue, result table and charts, talking to the hub's Spot
 * API. Around it what Lens lacks: the privacy budget left, a notice when nodes are missing from the result, the
 * matching datasets with a cart to request access to them, and tables behind the charts.
 */
import {
  clearSiteResults, getAst, markSiteClaimed, querySpot, removeFailedSite, setCatalogue, setOptions, setSiteResult, type LensOptions, type SpotResult,
} from '@samply/lens';
import { Anchor, Grid, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { CollectionsTable } from './CollectionsTable.tsx';
import { HUB_SPOT_URL, hubKeys, searchFailure, useLensCatalogue } from './hub-api.ts';
import { LensScope } from './LensScope.tsx';
import { BudgetLine, CoverageNotice } from './SearchStatus.tsx';
import { NO_SEARCH, collectionRows, coverageOf, notesOf, withResult, type SearchProgress } from './search-progress.ts';
import { answerOf, encodeSpotQuery, lensResultOf, siteOf } from './spot-codec.ts';
import { StrataCharts } from './StrataCharts.tsx';
import { useCart } from './use-cart.ts';

const LENS_OPTIONS: LensOptions = {
  spotUrl: HUB_SPOT_URL,
  language: 'en',
  // Lens's own site selection (for BBMRI's negotiator) is not our cart; the query may stay in the URL.
  autoUpdateDatarequestsInUrl: false,
  tableOptions: { headerData: [{ title: 'Node', dataKey: 'site' }, { title: 'Subjects', dataKey: 'patients' }, { title: 'Studies', dataKey: 'studies' }] },
  resultSummaryOptions: {
    title: 'Results',
    infoButtonText: 'Subjects are summed over nodes: one person imaged at two hospitals counts twice.',
    dataTypes: [{ title: 'Nodes answered', dataKey: 'collections' }, { title: 'Subjects', dataKey: 'patients' }, { title: 'Studies', dataKey: 'studies' }],
  },
};

/** Hands one hub event to Lens's stores (its table and charts) the way EUCAIM's explorer does. */
function showInLens(r: SpotResult): void {
  const site = siteOf(r);
  if (r.status === 'claimed') return markSiteClaimed(site);
  if (r.status !== 'succeeded') return removeFailedSite(site);
  try {
    setSiteResult(site, lensResultOf(answerOf(r)));
  } catch {
    removeFailedSite(site);
  }
}

export function SearchPage() {
  const catalogue = useLensCatalogue();
  const queryClient = useQueryClient();
  const cart = useCart();
  const [progress, setProgress] = useState<SearchProgress>(NO_SEARCH);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => setOptions(LENS_OPTIONS), []);
  useEffect(() => { if (catalogue.data) setCatalogue(catalogue.data); }, [catalogue.data]);

  useEffect(() => {
    let running: AbortController | undefined;
    const onSearch = (): void => {
      running?.abort();
      const controller = new AbortController();
      running = controller;
      clearSiteResults();
      setProgress(NO_SEARCH);
      setFailure(null);
      const id = crypto.randomUUID();
      querySpot(encodeSpotQuery(getAst(), id), controller.signal, (r) => {
        if (controller.signal.aborted) return;
        showInLens(r);
        setProgress((p) => withResult(p, r));
      })
        .catch(async (err: unknown) => { if (!controller.signal.aborted) setFailure(await searchFailure(err)); })
        // The hub spent budget on dispatch (or refused for lack of it): either way the line is stale.
        .finally(() => void queryClient.invalidateQueries({ queryKey: hubKeys.budget }));
    };
    window.addEventListener('lens-search-triggered', onSearch);
    return () => {
      window.removeEventListener('lens-search-triggered', onSearch);
      running?.abort();
    };
  }, [queryClient]);

  const coverage = useMemo(() => coverageOf(progress), [progress]);
  const rows = useMemo(() => collectionRows(progress), [progress]);
  const notes = useMemo(() => notesOf(progress), [progress]);
  const strataKeys = useMemo(() => [...new Set([...progress.values()].flatMap((s) => (s.status === 'answered' ? Object.keys(s.answer.strata) : [])))].sort(), [progress]);

  return (
    <Page title="Federated search" intro="Count matching subjects and imaging studies at every node of the federation, then collect the datasets you want to request access to. Counts are disclosure-controlled: small ones are hidden and others rounded or noised.">
      <BudgetLine />
      {catalogue.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the search keys" /><Text size="sm">Loading the search keys…</Text></Group> : null}
      {catalogue.isError ? <ProblemAlert error={catalogue.error} title="The search keys could not be loaded" onRetry={() => void catalogue.refetch()} /> : null}
      <LensScope>
        <Stack gap="lg">
          <section aria-label="Query">
            <Text size="sm" mb="xs" id="lens-query-help">
              Type a diagnosis, modality, body part or other key and pick a value: values in one bar must all match (AND); "+" adds another bar, and a subject may match any bar (OR).
            </Text>
            <Group align="flex-start" wrap="nowrap" gap="sm" aria-describedby="lens-query-help">
              <div style={{ flex: 1 }}><lens-search-bar-multiple placeholderText="Type to search, e.g. lung, CT, female" noMatchesFoundMessage="No search key or value matches" /></div>
              <lens-search-button title="Search" />
            </Group>
          </section>
          {failure ? <ProblemAlert error={failure} title="The search was not sent" /> : null}
          <CoverageNotice coverage={coverage} />
          {notes.length > 0 ? (
            <section aria-label="Notes from the nodes"><Text size="sm" fw={600}>Notes from the nodes</Text><List size="sm">{notes.map((n) => <List.Item key={n}>{n}</List.Item>)}</List></section>
          ) : null}
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <section aria-label="Search keys"><lens-catalogue toggle={{ collapsable: true, open: false }} /></section>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="lg">
                <section aria-label="Result summary"><lens-result-summary /></section>
                <section aria-label="Counts per node"><lens-result-table title="Counts per node" pageSize={10} /></section>
              </Stack>
            </Grid.Col>
          </Grid>
          {coverage.asked > 0 ? (
            <>
              <Section title="Matching datasets" intro="Add the datasets you need to the cart; the access request is made from the cart." actions={<Anchor component={Link} to="/cart" size="sm">Cart ({cart.items.length})</Anchor>}>
                <CollectionsTable rows={rows} cart={cart.items} onAdd={cart.add} onRemove={cart.remove} />
              </Section>
              <Section title="Breakdown" intro="Subjects per value, summed over the nodes that answered.">
                <StrataCharts progress={progress} keys={strataKeys} />
              </Section>
            </>
          ) : null}
        </Stack>
      </LensScope>
      <lens-toast />
    </Page>
  );
}
