/**
 * One held instance as the node renders it (first frame, windowed PNG, never cached by the browser). When the
 * node cannot render it (compressed pixel data, a non-image object: 422 PREVIEW_UNAVAILABLE) the image fails
 * to load; the same URL is then fetched once to show the node's explanation instead.
 */
import { Alert, Code, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { problemOf, seg } from '../api/client.ts';

type Load = { readonly kind: 'loading' } | { readonly kind: 'shown' } | { readonly kind: 'failed'; readonly code: string; readonly detail: string };

async function explain(url: string): Promise<{ code: string; detail: string }> {
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/problem+json, application/json' }, cache: 'no-store' });
    if (response.ok) return { code: 'PREVIEW_UNAVAILABLE', detail: 'The node sent an image the browser could not show.' };
    const problem = await problemOf(response);
    return { code: problem.code, detail: problem.detail };
  } catch {
    return { code: 'NETWORK', detail: 'The node could not be reached for the preview.' };
  }
}

export function HeldPreview({ item, index, modality, path }: {
  readonly item: number;
  readonly index: number;
  readonly modality: string | null;
  readonly path: string;
}) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const url = `/api/review/${seg(item)}/held/${seg(index)}/preview.png`;
  const n = index + 1;
  const alt = `Preview of held image ${n} (${modality ?? 'modality unknown'})`;
  return (
    <Paper withBorder radius="md" p="sm" component="figure" m={0}>
      <Stack gap="xs">
        {load.kind === 'failed' ? (
          <Alert color="orange" title={<>No preview of held image {n} <Code>{load.code}</Code></>}>
            <Text size="sm">{load.detail}</Text>
            {load.code === 'PREVIEW_UNAVAILABLE'
              ? <Text size="sm" mt={4}>Open the file in a DICOM viewer on the node to look at it before deciding.</Text> : null}
          </Alert>
        ) : (
          <>
            {load.kind === 'loading' ? <Skeleton height={240} aria-hidden /> : null}
            <img
              src={url}
              alt={alt}
              className="held-image"
              style={load.kind === 'loading' ? { position: 'absolute', opacity: 0, width: 1, height: 1 } : undefined}
              onLoad={() => setLoad({ kind: 'shown' })}
              onError={() => { void explain(url).then((e) => setLoad({ kind: 'failed', ...e })); }}
            />
          </>
        )}
        <Text component="figcaption" size="xs" c="dimmed">
          Held image {n} · {modality ?? 'modality unknown'} · <Code fz="xs" style={{ wordBreak: 'break-all' }}>{path}</Code>
        </Text>
      </Stack>
    </Paper>
  );
}
