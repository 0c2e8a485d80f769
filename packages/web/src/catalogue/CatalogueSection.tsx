/**
 * A dataset in the node's catalogue, for its stewards: where it stands (draft, released, published,
 * invalidated), the steward's fields of its record with live feedback, and the changes its state allows.
 */
import { Alert, Button, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { postJson, seg } from '../api/client.ts';
import { keys, useCatalogueRecord } from '../api/queries.ts';
import type { CatalogueAction, CatalogueChange, CatalogueRecordEntry, UnmappedValue } from '../api/types.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { ApiError } from '../api/client.ts';
import { ProblemList, useLiveCheck } from './LiveCheck.tsx';
import { StewardEditor } from './StewardEditor.tsx';
import type { Steward } from './steward.ts';

const ACTIONS: Readonly<Record<CatalogueAction, { label: string; color: string; variant: 'filled' | 'outline' | 'default'; sendsFields: boolean; done: string }>> = {
  publish: { label: 'Publish', color: 'teal', variant: 'filled', sendsFields: true, done: 'published: the federation can harvest it' },
  reactivate: { label: 'Reactivate', color: 'teal', variant: 'filled', sendsFields: true, done: 'published again' },
  unpublish: { label: 'Unpublish', color: 'gray', variant: 'default', sendsFields: false, done: 'withdrawn from the catalogue (released)' },
  invalidate: { label: 'Invalidate', color: 'red', variant: 'outline', sendsFields: false, done: 'marked invalid in the catalogue' },
};

/** The entry's actions as the UI offers them: lower case (the catalogue package spells them PUBLISH), known ones only. */
export function actionsOf(entry: CatalogueRecordEntry): CatalogueAction[] {
  const allowed = new Set(entry.allowedActions.map((a) => a.toLowerCase()));
  return (Object.keys(ACTIONS) as CatalogueAction[]).filter((a) => allowed.has(a));
}

function initialFields(entry: CatalogueRecordEntry): Steward {
  if (entry.steward) return { ...entry.steward } as Steward;
  return { title: { en: entry.title } };
}

function Editor({ entry }: { readonly entry: CatalogueRecordEntry }) {
  const client = useQueryClient();
  const notify = useNotify();
  const [steward, setSteward] = useState<Steward>(() => initialFields(entry));
  const checkable = entry.state !== 'draft';
  const check = useLiveCheck(entry.id, steward, checkable);
  const [settled] = useDebouncedValue(steward, 400);
  const change = useMutation({
    mutationFn: (action: CatalogueAction) =>
      postJson<CatalogueChange>(`/api/catalogue/datasets/${seg(entry.id)}/${action}`, ACTIONS[action].sendsFields ? { steward } : {}),
    onSuccess: (r, action) => {
      for (const key of [keys.catalogueRecord(entry.id), keys.catalogueEntries]) void client.invalidateQueries({ queryKey: key });
      notify({ title: `${entry.id} ${ACTIONS[action].done}`, message: `${r.from} → ${r.to}, version ${r.version}.` });
    },
  });
  const actions = actionsOf(entry);
  return (
    <Stack gap="md">
      <Group gap="sm" aria-live="polite">
        <Text size="sm" fw={600}>In the catalogue:</Text>
        <StateBadge state={entry.state} size="md" />
        {change.isSuccess ? <Text size="sm" c="dimmed">Changed from {change.data.from} to {change.data.to}.</Text> : null}
      </Group>
      {entry.state === 'draft' ? (
        <Alert color="gray"><Text size="sm">Release a version of this dataset before publishing it: the record describes its latest released version.</Text></Alert>
      ) : null}
      {entry.state === 'invalidated' ? (
        <Alert color="orange"><Text size="sm">This dataset is marked invalid: the catalogue still lists it as withdrawn. Reactivate it to publish it again.</Text></Alert>
      ) : null}
      <LeftOut values={entry.unmappedValues ?? []} />
      <StewardEditor steward={steward} onChange={setSteward} check={checkable ? check : null} stale={settled !== steward} disabled={change.isPending} />
      <Group gap="sm">
        {actions.map((a) => (
          <Button key={a} color={ACTIONS[a].color} variant={ACTIONS[a].variant} onClick={() => change.mutate(a)}
            loading={change.isPending && change.variables === a} disabled={change.isPending}>
            {ACTIONS[a].label}
          </Button>
        ))}
        <Text size="xs" c="dimmed">
          {actions.includes('publish') || actions.includes('reactivate')
            ? 'Publishing sends the fields above; the node refuses records that do not conform.'
            : actions.length === 0 ? 'No change of catalogue state is possible now.' : ''}
        </Text>
      </Group>
      {change.isError ? <ChangeRefused error={change.error} check={check} fresh={settled === steward && !check.isFetching} /> : null}
      {entry.state === 'published' || entry.state === 'invalidated'
        ? <Text size="sm">The public page: <Link to={`/catalogue/${seg(entry.id)}`}>{entry.title}</Link>.</Text> : null}
    </Stack>
  );
}

/**
 * What the record leaves out because it has no EUCAIM code (a guessed code would corrupt federated counts): the
 * steward sees what a researcher searching the atlas will not find, and how many patients that is.
 */
function LeftOut({ values }: { readonly values: readonly UnmappedValue[] }) {
  if (values.length === 0) return null;
  return (
    <Alert color="gray" title="Left out of the record: no EUCAIM code">
      <Text size="sm">Federated search will not find this dataset by these values; they are not given a guessed code.</Text>
      <List size="sm" aria-label="Values left out of the record">
        {values.map((v) => <List.Item key={`${v.property} ${v.value}`}>{v.property} {v.value}: {v.count} {v.count === 1 ? 'patient' : 'patients'}</List.Item>)}
      </List>
    </Alert>
  );
}

/**
 * Why a change was refused. Records that do not conform are listed field by field, each item focusing its
 * input: the live check of the same fields gives the same list the node's CATALOGUE_INVALID_RECORD detail
 * says in lines (both come from packages/catalogue problem-fields.ts). Anything else is the problem as sent.
 */
function ChangeRefused({ error, check, fresh }: { readonly error: unknown; readonly check: ReturnType<typeof useLiveCheck>; readonly fresh: boolean }) {
  const violations = (check.data?.problems ?? []).filter((p) => p.severity === 'violation');
  // The live list stands for the refusal only once it checked the fields as they are now (the ones sent);
  // until then the node's own detail says the same problems in the same words, without the links.
  if (!(error instanceof ApiError && error.code === 'CATALOGUE_INVALID_RECORD') || violations.length === 0 || !fresh) {
    return <ProblemAlert error={error} title="The catalogue state did not change" />;
  }
  return (
    <Alert color="orange" role="alert" title={`Not published: ${violations.length === 1 ? 'one field needs' : `${violations.length} fields need`} a value or a change`}>
      <ProblemList problems={violations} label="Fields to complete before publishing" />
    </Alert>
  );
}

export function CatalogueSection({ id }: { readonly id: string }) {
  const record = useCatalogueRecord(id);
  return (
    <Section title="Catalogue record" intro="What the node's public catalogue says about this dataset (EUCAIM DCAT-AP), and whether it is published.">
      {record.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the catalogue record" /><Text size="sm">Loading…</Text></Group> : null}
      {record.isError ? <ProblemAlert error={record.error} title="The catalogue record could not be read" onRetry={() => void record.refetch()} /> : null}
      {record.data ? <Editor key={`${record.data.id}`} entry={record.data} /> : null}
    </Section>
  );
}
