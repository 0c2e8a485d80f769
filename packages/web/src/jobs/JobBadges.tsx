/** A job's state and an output's disclosure flags as badges: the word is always there, colour never the only signal. */
import { Badge, Group, Stack, Text } from '@mantine/core';
import { STATE_COLORS, stateLabel } from './jobs.ts';
import type { JobState, OutputFlag } from './jobs-types.ts';

export function JobStateBadge({ state, size = 'sm' }: { readonly state: JobState; readonly size?: 'sm' | 'md' | 'lg' }) {
  return <Badge color={STATE_COLORS[state]} variant="light" size={size}>{stateLabel(state)}</Badge>;
}

const FLAG_NAMES: Readonly<Record<OutputFlag['code'], string>> = {
  DICOM_FILE: 'DICOM file', PATIENT_LEVEL: 'patient-level', SMALL_CELL: 'small cell', PSEUDONYM: 'pseudonym',
  STUDY_KEY: 'study key', BINARY: 'binary', TOO_LARGE: 'too large',
};

/** Each flag with its severity (block in red, warn in yellow) and where the check found it, in words. */
export function FlagList({ flags }: { readonly flags: readonly OutputFlag[] }) {
  if (flags.length === 0) return <Text size="sm" c="dimmed">none</Text>;
  return (
    <Stack gap={4}>
      {flags.map((f, i) => (
        <Group key={`${f.code}-${i}`} gap={6} wrap="nowrap" align="flex-start">
          <Badge color={f.severity === 'block' ? 'red' : 'yellow'} variant="light" size="sm" style={{ flexShrink: 0 }}>{f.severity}: {FLAG_NAMES[f.code]}</Badge>
          <Text size="xs">{f.detail}</Text>
        </Group>
      ))}
    </Stack>
  );
}
