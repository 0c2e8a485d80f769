/**
 * SHACL feedback while the steward types: the fields are sent (debounced) to POST .../check, which builds the
 * dataset's records with them and validates them against the EUCAIM shapes. Shows whether the records
 * conform and each problem as the form field it is about and what to set (the node's words, the same as its
 * CATALOGUE_INVALID_RECORD detail); each item focuses its field. A short summary is announced to screen readers.
 */
import { Anchor, Badge, Group, Loader, ScrollArea, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { postJson, seg } from '../api/client.ts';
import type { RecordProblem, RecordValidation } from '../api/types.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { fieldInputId, type Steward } from './steward.ts';

const SEVERITY_COLOR = { violation: 'red', warning: 'yellow', info: 'blue' } as const;

export function useLiveCheck(id: string, steward: Steward | null, enabled: boolean) {
  const json = steward ? JSON.stringify(steward) : null;
  const [debounced] = useDebouncedValue(json, 400);
  return useQuery({
    queryKey: ['catalogue', 'check', id, debounced],
    queryFn: ({ signal }) => postJson<RecordValidation>(`/api/catalogue/datasets/${seg(id)}/check`, { steward: JSON.parse(debounced as string) as unknown }, signal),
    enabled: enabled && debounced !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

export function LiveCheckPanel({ check, stale }: { readonly check: ReturnType<typeof useLiveCheck>; readonly stale: boolean }) {
  const v = check.data;
  const problems = v?.problems ?? [];
  const violations = problems.filter((p) => p.severity === 'violation').length;
  const warnings = problems.length - violations;
  const summary = !v ? 'Not checked yet.'
    : v.conforms
      ? `Conforms to the EUCAIM shapes${warnings ? `, with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`
      : `Does not conform: ${violations} violation${violations === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}.`;
  return (
    <Stack gap="sm">
      <Group gap="xs" wrap="nowrap">
        {v ? <Badge size="lg" variant="filled" color={v.conforms ? 'green' : 'red'}>{v.conforms ? '✓ conforms' : '✗ does not conform'}</Badge> : null}
        {check.isFetching || stale ? <Loader size="xs" aria-label="Checking the fields" /> : null}
      </Group>
      <Text size="sm" role="status" aria-live="polite">{check.isError && !v ? 'The check failed.' : summary}</Text>
      {check.isError ? <ProblemAlert error={check.error} title="The fields could not be checked" /> : null}
      {problems.length > 0 ? (
        <ScrollArea.Autosize mah={560} type="auto">
          <ProblemList problems={problems} label="Problems found" />
        </ScrollArea.Autosize>
      ) : null}
    </Stack>
  );
}

/** Moves the focus to a field's input and brings it into view; false when the form has no such input. */
export function focusField(field: string): boolean {
  const input = document.getElementById(fieldInputId(field));
  if (!input) return false;
  input.scrollIntoView({ block: 'center', behavior: 'smooth' });
  input.focus({ preventScroll: true });
  return true;
}

/**
 * The problems as a list of form fields: "Publisher › Name" (a link to the input, when the form has one) and
 * what to set. Generated values have no field: their item says the form cannot change them.
 */
export function ProblemList({ problems, label }: { readonly problems: readonly RecordProblem[]; readonly label: string }) {
  return (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }} aria-label={label}>
      {problems.map((p) => (
        <li key={`${p.rule}|${p.field ?? p.label}`}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge size="xs" variant="light" color={SEVERITY_COLOR[p.severity]} style={{ flexShrink: 0 }} mt={2}>{p.severity}</Badge>
            <Text size="sm">
              {p.field ? (
                <Anchor href={`#${fieldInputId(p.field)}`} fw={600} onClick={(e) => { if (focusField(p.field!)) e.preventDefault(); }}>{p.label}</Anchor>
              ) : <Text span fw={600}>{p.label}</Text>}
              {': '}{p.todo}
            </Text>
          </Group>
        </li>
      ))}
    </Stack>
  );
}
