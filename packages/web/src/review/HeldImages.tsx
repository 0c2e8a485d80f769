/**
 * The images held in a review item, one at a time: the viewer with the boxes the node's scan found (which the
 * steward keeps, selects, resizes, removes, or adds to by drawing), the decision on that image, and a way on
 * to the next image still undecided. Boxes and selections are kept per image while the page is open.
 */
import { Badge, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { HeldImage, ReviewDetail } from '../api/types.ts';
import { findingBoxes, initiallySelected, nextImage, redactionBoxes } from './held-boxes.ts';
import type { Remaining } from './held-decision-api.ts';
import { HeldViewer } from './HeldViewer.tsx';
import { ImageDecision } from './ImageDecision.tsx';
import type { ViewerBox } from './ImageViewer.tsx';

const stateOf = (h: HeldImage): string => (h.decision ? { release: 'released', redact: 'redacted', reject: 'rejected' }[h.decision.action] : 'undecided');

/** A decided image shows the boxes it was redacted with; one released or rejected shows what the scan found. */
function decidedBoxes(h: HeldImage): ViewerBox[] {
  return h.decision?.action === 'redact'
    ? h.decision.boxes.map((box, i) => ({ id: `decided-${i}`, kind: 'drawn', box, source: 'reviewer' }))
    : findingBoxes(h.findings);
}

function scanNote(h: HeldImage): string {
  if (!h.scan) return 'Not scanned by OCR: look at the whole image.';
  if (h.scan.outcome === 'failed') return `OCR could not read this image (${h.scan.reason ?? 'unknown reason'}): look at the whole image.`;
  const ids = h.findings.filter((f) => f.source === 'ocr' && f.kind !== 'text').length;
  const text = h.findings.filter((f) => f.kind === 'text').length;
  const zones = h.findings.filter((f) => f.source === 'template').length;
  return `${h.scan.engine} read ${ids} of the patient's identifiers and ${text} other text; the device has ${zones} known text zone${zones === 1 ? '' : 's'}.`;
}

export function HeldImages({ item }: { readonly item: ReviewDetail }) {
  const [shown, setShown] = useState(() => (item.held.find((h) => h.decision === null) ?? item.held[0]!).index);
  const [boxes, setBoxes] = useState<Readonly<Record<number, ViewerBox[]>>>({});
  const [selected, setSelected] = useState<Readonly<Record<number, string[]>>>({});
  const [sizes, setSizes] = useState<Readonly<Record<number, readonly [number, number]>>>({});
  const held = item.held.find((h) => h.index === shown) ?? item.held[0]!;
  const i = held.index;
  const open = held.decision === null && item.status === 'pending';
  const own = boxes[i] ?? (open ? findingBoxes(held.findings) : decidedBoxes(held));
  const chosen = selected[i] ?? (open ? initiallySelected(own) : []);
  const [width, height] = sizes[i] ?? [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  const onSize = useCallback((w: number, h: number) => setSizes((s) => (s[i]?.[0] === w && s[i]?.[1] === h ? s : { ...s, [i]: [w, h] })), [i]);
  const onRemaining = (remaining: readonly Remaining[]) => {
    const stamp = Date.now().toString(36);
    const added: ViewerBox[] = remaining.map((r, k) => ({ id: `remaining-${stamp}-${k}`, kind: r.kind, box: r.box, source: 'ocr' }));
    setBoxes((b) => ({ ...b, [i]: [...own, ...added] }));
    setSelected((s) => ({ ...s, [i]: [...chosen, ...added.map((a) => a.id)] }));
  };
  const next = nextImage(item.held, i);
  const undecided = item.held.filter((h) => h.decision === null).length;
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        {item.held.length > 1 ? (
          <NativeSelect
            w={320}
            label="Held image"
            value={String(i)}
            onChange={(e) => setShown(Number(e.currentTarget.value))}
            data={item.held.map((h, k) => ({ value: String(h.index), label: `Image ${k + 1} of ${item.held.length} · ${h.modality ?? 'modality unknown'} · ${stateOf(h)}` }))}
          />
        ) : null}
        {next !== null ? <Button variant="light" size="xs" onClick={() => setShown(next)}>Next image</Button> : null}
        <Badge variant="light" color={held.decision ? (held.decision.action === 'reject' ? 'red' : 'green') : 'gray'}>{stateOf(held)}</Badge>
        <Text size="xs" c="dimmed">{undecided} of {item.held.length} image{item.held.length === 1 ? '' : 's'} undecided</Text>
      </Group>
      <Text size="sm">{scanNote(held)}</Text>
      <HeldViewer
        key={i}
        item={item.id} index={i} modality={held.modality} path={held.path}
        boxes={own}
        selected={chosen}
        onSelectionChange={(ids) => setSelected((s) => ({ ...s, [i]: ids }))}
        onSize={onSize}
        {...(open ? { onBoxesChange: (list: ViewerBox[]) => setBoxes((b) => ({ ...b, [i]: list })) } : {})}
      />
      <ImageDecision item={item} held={held} boxes={redactionBoxes(own, new Set(chosen), width, height)} onRemaining={onRemaining} />
    </Stack>
  );
}
