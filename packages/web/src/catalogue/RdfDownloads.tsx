/**
 * The dataset's records as a harvester reads them: GET /api/catalogue/datasets/:id with an Accept header,
 * saved as a file. A plain link cannot set Accept, so the browser fetches the records and saves the blob.
 */
import { Button, Group, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { problemOf, seg } from '../api/client.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

const FORMATS = {
  turtle: { label: 'Turtle', type: 'text/turtle', ext: 'ttl' },
  jsonld: { label: 'JSON-LD', type: 'application/ld+json', ext: 'jsonld' },
} as const;
type Format = keyof typeof FORMATS;

async function download(id: string, format: Format): Promise<void> {
  const f = FORMATS[format];
  const response = await fetch(`/api/catalogue/datasets/${seg(id)}`, { headers: { accept: f.type }, credentials: 'same-origin' });
  if (!response.ok) throw await problemOf(response);
  const url = URL.createObjectURL(await response.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = `${id}.${f.ext}`;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

export function RdfDownloads({ id }: { readonly id: string }) {
  const save = useMutation({ mutationFn: (format: Format) => download(id, format) });
  return (
    <>
      <Group gap="sm">
        {(Object.keys(FORMATS) as Format[]).map((k) => (
          <Button key={k} variant="default" size="sm" onClick={() => save.mutate(k)} loading={save.isPending && save.variables === k}>
            {FORMATS[k].label}
          </Button>
        ))}
        <Text size="xs" c="dimmed">EUCAIM DCAT-AP records, as the federation harvests them.</Text>
      </Group>
      {save.isError ? <ProblemAlert error={save.error} title="The records could not be downloaded" /> : null}
    </>
  );
}
