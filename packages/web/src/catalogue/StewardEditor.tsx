/**
 * The steward's fields of a dataset's catalogue record: a form with every field (StewardFields), the live SHACL
 * check beside it, and, collapsed under "Advanced", the whole object as JSON (kept in step both ways) and a
 * file input that loads a catalogue-steward.json. The form alone is enough to publish; the advanced part is
 * for other languages and for stewards who keep the fields in a file. Controlled: the section above owns the
 * object it publishes.
 */
import { Alert, Box, Grid, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useId, useState, type ChangeEvent } from 'react';
import { LiveCheckPanel, type useLiveCheck } from './LiveCheck.tsx';
import { StewardFields } from './StewardFields.tsx';
import { parseSteward, problemsByField, stewardJson, type Steward } from './steward.ts';

/** Larger than any steward file; a wrong file (a DICOM, a picture) is refused before it is read. */
const MAX_FILE_BYTES = 1024 * 1024;

export function StewardEditor({ steward, onChange, check, stale, disabled }: {
  readonly steward: Steward;
  readonly onChange: (next: Steward) => void;
  readonly check: ReturnType<typeof useLiveCheck> | null;
  readonly stale: boolean;
  readonly disabled?: boolean;
}) {
  const fileId = useId();
  // The JSON text follows the object, except while it is being typed in and is not (yet) valid JSON.
  const [json, setJson] = useState(() => stewardJson(steward));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [fileNote, setFileNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [shown, setShown] = useState(steward);
  if (shown !== steward) {
    // The object changed outside the JSON box (the form, a file): show it as JSON.
    setShown(steward);
    setJson(stewardJson(steward));
    setJsonError(null);
  }

  const fromForm = (next: Steward) => onChange(next);
  const fromJson = (text: string) => {
    setJson(text);
    const parsed = parseSteward(text);
    if (parsed.ok) {
      setJsonError(null);
      // Marked as shown, so the text being typed is not reformatted under the cursor.
      setShown(parsed.value);
      onChange(parsed.value);
    } else setJsonError(parsed.error);
  };
  const fromFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileNote({ ok: false, text: `${file.name} is ${Math.round(file.size / 1024)} KB: not a steward fields file.` });
      return;
    }
    const parsed = parseSteward(await file.text());
    if (!parsed.ok) {
      setFileNote({ ok: false, text: `${file.name}: ${parsed.error}` });
      return;
    }
    setFileNote({ ok: true, text: `Loaded the steward fields from ${file.name}.` });
    onChange(parsed.value);
  };
  const errors = problemsByField(check?.data?.problems ?? []);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="md">
          <StewardFields steward={steward} onChange={fromForm} errors={errors} disabled={disabled} />
          <Box component="details" className="steward-advanced">
            <Box component="summary" style={{ cursor: 'pointer' }}><Text span size="sm" fw={600}>Advanced: the fields as JSON, or from a file</Text></Box>
            <Stack gap="sm" mt="sm">
              <Box>
                <label htmlFor={fileId}><Text span size="sm" fw={500}>Steward fields file</Text></label>
                <Text size="xs" c="dimmed" id={`${fileId}-hint`}>A catalogue-steward.json (docs/catalogue.md); it replaces the fields above.</Text>
                <input id={fileId} type="file" accept=".json,application/json" aria-describedby={`${fileId}-hint`} disabled={disabled}
                  onChange={(e) => { void fromFile(e); }} style={{ marginTop: 6, fontSize: 'var(--mantine-font-size-sm)' }} />
                <Text size="sm" c={fileNote?.ok === false ? 'red.9' : 'teal.9'} role="status" aria-live="polite" mt={4}>{fileNote?.text ?? ''}</Text>
              </Box>
              <Textarea
                label="Steward fields (JSON)"
                description="The whole steward object as it is sent; the form above edits the same object. Use it for texts in other languages or DPV legal-basis concepts."
                value={json}
                onChange={(e) => fromJson(e.currentTarget.value)}
                error={jsonError}
                autosize minRows={8} maxRows={24}
                spellCheck={false}
                styles={{ input: { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 } }}
                disabled={disabled}
              />
            </Stack>
          </Box>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Paper withBorder radius="md" p="md" pos="sticky" top={72} component="aside" aria-labelledby={`${fileId}-check`}>
          <Title order={3} size="h5" id={`${fileId}-check`} mb="xs">Check against the EUCAIM shapes</Title>
          {check ? <LiveCheckPanel check={check} stale={stale} />
            : <Alert color="gray"><Text size="sm">The records can be checked once a version of this dataset is released.</Text></Alert>}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
