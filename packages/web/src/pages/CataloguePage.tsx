/**
 * The public catalogue: the datasets this node publishes (and those it withdrew, marked invalidated), with a
 * text search and filters by modality and body part. No sign-in needed.
 */
import { Group, Loader, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { isNotFound, useCatalogueEntries } from '../api/queries.ts';
import type { CatalogueEntry } from '../api/types.ts';
import { EntryCard } from '../catalogue/EntryCard.tsx';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

const distinct = (entries: readonly CatalogueEntry[], pick: (e: CatalogueEntry) => readonly string[]): string[] =>
  [...new Set(entries.flatMap(pick))].sort((a, b) => a.localeCompare(b));

function matches(e: CatalogueEntry, q: string): boolean {
  if (!q) return true;
  const hay = [e.id, e.title, e.description, ...e.keywords, ...e.modalities, ...e.bodyParts, ...e.conditions].join(' ').toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

export function CataloguePage() {
  const entries = useCatalogueEntries();
  // Filters live in the query string so a filtered view can be bookmarked; they are the user's own words, not data.
  const [params, setParams] = useSearchParams();
  const modality = params.get('modality');
  const bodyPart = params.get('bodyPart');
  const set = (key: string, value: string | null) => {
    // From the latest parameters, not this render's: a quick typist's keystrokes arrive before the URL updates.
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (value) next.set(key, value); else next.delete(key);
      return next;
    }, { replace: true });
  };
  // The field keeps its own text (a URL update is a navigation and would lag behind typing); the URL follows it.
  const [q, setQ] = useState(() => params.get('q') ?? '');
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) set('q', q); // only the text drives the URL, hence the one dependency
  }, [q]);
  const all = entries.data ?? [];
  const shown = useMemo(() => all.filter((e) => matches(e, q) && (!modality || e.modalities.includes(modality)) && (!bodyPart || e.bodyParts.includes(bodyPart))), [all, q, modality, bodyPart]);
  return (
    <Page title="Catalogue" intro="The datasets this node publishes to the federated atlas. Access is requested through the federation; nothing here needs a sign-in.">
      <Group gap="sm" align="flex-end" role="search" aria-label="Filter the catalogue">
        <TextInput label="Search" placeholder="Title, keyword, condition…" value={q} onChange={(e) => setQ(e.currentTarget.value)} w={320} type="search" />
        <Select label="Modality" placeholder="Any" data={distinct(all, (e) => e.modalities)} value={modality} onChange={(v) => set('modality', v)} clearable w={180} />
        <Select label="Body part" placeholder="Any" data={distinct(all, (e) => e.bodyParts)} value={bodyPart} onChange={(v) => set('bodyPart', v)} clearable w={200} />
      </Group>
      {entries.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the catalogue" /><Text size="sm">Loading…</Text></Group> : null}
      {entries.isError && isNotFound(entries.error) ? <Empty title="This node publishes no catalogue">Its administrator has not configured one (oncoatlas serve --catalogue-settings).</Empty> : null}
      {entries.isError && !isNotFound(entries.error) ? <ProblemAlert error={entries.error} title="The catalogue could not be read" onRetry={() => void entries.refetch()} /> : null}
      {entries.data ? (
        <Text size="sm" role="status" aria-live="polite">
          {shown.length === all.length ? `${all.length} dataset${all.length === 1 ? '' : 's'}` : `${shown.length} of ${all.length} datasets match`}
        </Text>
      ) : null}
      {entries.data && all.length === 0 ? <Empty title="Nothing published yet">This node has not published any dataset in its catalogue.</Empty> : null}
      {shown.length > 0 ? (
        <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
          {shown.map((e) => <EntryCard key={e.id} entry={e} />)}
        </SimpleGrid>
      ) : null}
    </Page>
  );
}
