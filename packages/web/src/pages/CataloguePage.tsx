/**
 * The public catalogue: the datasets this node publishes (and those it withdrew, marked invalidated), with a
 * text search over titles, descriptions, keywords and conditions (codes and names), and facets by condition,
 * modality, body part, sex and age band. No sign-in needed. The logic is in catalogue-search/catalogue-search.ts.
 */
import { Grid, Group, Loader, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isNotFound, useCatalogueEntries } from '../api/queries.ts';
import { EntryCard } from '../catalogue/EntryCard.tsx';
import { filterEntries, parseQuery, toggleFacet, withText, withoutFacets, type FacetKey } from '../catalogue-search/catalogue-search.ts';
import { FacetFilters } from '../catalogue-search/FacetFilters.tsx';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function CataloguePage() {
  const entries = useCatalogueEntries();
  // The query lives in the URL so a filtered view can be bookmarked and shared; it is the user's own words, not data.
  const [params, setParams] = useSearchParams();
  // From the latest parameters, not this render's: a quick typist's keystrokes arrive before the URL updates.
  const update = (change: (prev: URLSearchParams) => URLSearchParams) => setParams((prev) => change(prev), { replace: true });
  // The field keeps its own text (a URL update is a navigation and would lag behind typing); the URL follows it.
  const [text, setText] = useState(() => params.get('q') ?? '');
  useEffect(() => {
    if ((params.get('q') ?? '') !== text) update((prev) => withText(prev, text)); // only the text drives the URL, hence the one dependency
  }, [text]);
  const query = useMemo(() => ({ ...parseQuery(params), text }), [params, text]);
  const all = entries.data ?? [];
  const shown = useMemo(() => filterEntries(all, query), [all, query]);
  const toggle = (key: FacetKey, value: string, on: boolean) => update((prev) => toggleFacet(prev, key, value, on));
  return (
    <Page title="Catalogue" intro="The datasets this node publishes to the federated atlas. Access is requested through the federation; nothing here needs a sign-in.">
      <Group gap="sm" align="flex-end" role="search" aria-label="Find datasets">
        <TextInput label="Search" description="Every word must match: title, description, keyword, condition name or ICD-10 code" placeholder="e.g. lung, C34, breast MR" value={text} onChange={(e) => setText(e.currentTarget.value)} w={{ base: '100%', sm: 420 }} type="search" />
      </Group>
      {entries.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the catalogue" /><Text size="sm">Loading…</Text></Group> : null}
      {entries.isError && isNotFound(entries.error) ? <Empty title="This node publishes no catalogue">Its administrator has not configured one (oncoatlas serve --catalogue-settings).</Empty> : null}
      {entries.isError && !isNotFound(entries.error) ? <ProblemAlert error={entries.error} title="The catalogue could not be read" onRetry={() => void entries.refetch()} /> : null}
      {entries.data && all.length === 0 ? <Empty title="Nothing published yet">This node has not published any dataset in its catalogue.</Empty> : null}
      {entries.data && all.length > 0 ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <FacetFilters entries={all} query={query} onToggle={toggle} onClear={() => update(withoutFacets)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Text size="sm" role="status" aria-live="polite" mb="sm">
              {shown.length === all.length ? `${all.length} dataset${all.length === 1 ? '' : 's'}` : `${shown.length} of ${all.length} datasets match`}
            </Text>
            {shown.length > 0 ? (
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
                {shown.map((e) => <EntryCard key={e.id} entry={e} />)}
              </SimpleGrid>
            ) : <Text size="sm">No dataset matches every word and filter. Remove a word or a filter to see more.</Text>}
          </Grid.Col>
        </Grid>
      ) : null}
    </Page>
  );
}
