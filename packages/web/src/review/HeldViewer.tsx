/**
 * One held instance in the viewer: its frame at full resolution and its header, fetched once per frame (each
 * fetch is an audited read on the node, so they are kept while the page is open). When the node cannot draw it
 * (PREVIEW_UNAVAILABLE: a codec it does not decode, a non-image object) its explanation is shown instead.
 */
import { Alert, Code, Group, Loader, NumberInput, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, getJson, seg } from '../api/client.ts';
import type { DicomJson } from './header-model.ts';
import { loadHeldImage } from './held-image.ts';
import { ImageViewer, type ViewerBox } from './ImageViewer.tsx';

const KEEP = { staleTime: Infinity, gcTime: 5 * 60_000, retry: false } as const;

export function HeldViewer({ item, index, modality, path, boxes, onBoxesChange, selected, onSelectionChange, onSize }: {
  readonly item: number;
  readonly index: number;
  readonly modality: string | null;
  readonly path: string;
  readonly boxes: readonly ViewerBox[];
  readonly onBoxesChange?: (boxes: ViewerBox[]) => void;
  readonly selected?: readonly string[];
  readonly onSelectionChange?: (ids: string[]) => void;
  /** Told the image's width and height once it is loaded (boxes are checked against them). */
  readonly onSize?: (width: number, height: number) => void;
}) {
  const [frame, setFrame] = useState(1);
  const image = useQuery({
    // Not under the ['review'] keys a decision invalidates: refetching would be another audited read and reset the view.
    queryKey: ['review-viewer', 'image', item, index, frame],
    queryFn: ({ signal }) => loadHeldImage(item, index, frame, signal),
    ...KEEP,
  });
  const header = useQuery({
    queryKey: ['review-viewer', 'header', item, index],
    queryFn: ({ signal }) => getJson<DicomJson>(`/api/review/${seg(item)}/held/${seg(index)}/header`, signal),
    ...KEEP,
  });
  const width = image.data?.width;
  const height = image.data?.height;
  useEffect(() => { if (width && height) onSize?.(width, height); }, [width, height, onSize]);
  const n = index + 1;
  const label = `Held image ${n} (${modality ?? 'modality unknown'})`;
  const frames = image.data?.frames ?? 1;
  return (
    <Stack gap="sm">
      <Group gap="md" align="flex-end">
        <Text size="xs" c="dimmed">{label} · <Code fz="xs" style={{ wordBreak: 'break-all' }}>{path}</Code></Text>
        {frames > 1 ? (
          <NumberInput size="xs" w={140} label={`Frame (of ${frames})`} min={1} max={frames} value={frame} onChange={(v) => { if (typeof v === 'number' && v >= 1 && v <= frames) setFrame(v); }} />
        ) : null}
      </Group>
      {image.isPending ? (
        <Group gap="xs" role="status"><Loader size="sm" aria-hidden /><Text size="sm">Loading {label.toLowerCase()} at full resolution…</Text></Group>
      ) : image.isError ? (
        <Alert color="orange" title={<>No image of held image {n} <Code>{image.error instanceof ApiError ? image.error.code : 'ERROR'}</Code></>}>
          <Text size="sm">{image.error instanceof ApiError ? image.error.detail : 'The image could not be shown.'}</Text>
          {image.error instanceof ApiError && image.error.code === 'PREVIEW_UNAVAILABLE'
            ? <Text size="sm" mt={4}>Open the file in a DICOM viewer on the node to look at it before deciding.</Text> : null}
        </Alert>
      ) : (
        <ImageViewer image={image.data} header={header.data ?? null} label={label} boxes={boxes}
          {...(onBoxesChange ? { onBoxesChange } : {})} {...(selected ? { selected } : {})} {...(onSelectionChange ? { onSelectionChange } : {})} />
      )}
    </Stack>
  );
}
