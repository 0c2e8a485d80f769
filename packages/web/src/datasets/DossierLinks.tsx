/**
 * The compliance dossier of a released version: HTML always, PDF when the node could print it (a HEAD
 * request asks, unless the release just said).
 */
import { Anchor, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { seg } from '../api/client.ts';

export function DossierLinks({ id, version, pdf }: { readonly id: string; readonly version: number; readonly pdf?: boolean }) {
  const base = `/api/datasets/${seg(id)}/dossier`;
  const hasPdf = useQuery({
    queryKey: ['datasets', id, version, 'dossier.pdf'],
    queryFn: async () => (await fetch(`${base}.pdf?version=${version}`, { method: 'HEAD', credentials: 'same-origin' })).ok,
    enabled: pdf === undefined,
    staleTime: Infinity,
  });
  const showPdf = pdf ?? hasPdf.data ?? false;
  return (
    <Group gap="md">
      <Anchor href={`${base}.html?version=${version}`} target="_blank" rel="noopener noreferrer">Compliance dossier</Anchor>
      {showPdf ? <Anchor href={`${base}.pdf?version=${version}`} target="_blank" rel="noopener noreferrer">PDF version of the dossier</Anchor> : null}
      <Anchor href={`${base}.json?version=${version}`} target="_blank" rel="noopener noreferrer">Dossier data (JSON)</Anchor>
      {!showPdf && hasPdf.isSuccess ? <Text size="xs" c="dimmed">No PDF: the node has no Chromium to print it.</Text> : null}
    </Group>
  );
}
