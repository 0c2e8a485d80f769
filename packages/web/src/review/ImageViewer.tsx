/**
 * The review viewer: a held frame at full resolution on a canvas, zoom and pan, window/level, boxes drawn in
 * image pixels (detections, and boxes the reviewer draws) that can be selected for a "redact these boxes"
 * decision, and the de-identified header beside it. Everything the mouse does the keyboard does too (keys on
 * the focused canvas, and the controls and box list around it); the state is announced in a status line.
 */
import { Box as Swatch, Button, Checkbox, Grid, Group, List, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { HeaderTable } from './HeaderTable.tsx';
import { CATEGORY_LABEL, categoryOf, editBox, type BoxCategory, type BoxField } from './held-boxes.ts';
import { windowPresets, type DicomJson } from './header-model.ts';
import type { ViewerImage } from './held-image.ts';
import { BOX_COLOURS, drawScene, renderWindowed, type ViewerBox } from './viewer-draw.ts';
import { boxAt, boxBetween, defaultWindow, dragWindow, fitView, panBy, toImage, zoomAt, type Box, type View, type VoiWindow } from './viewer-math.ts';

export type { ViewerBox } from './viewer-draw.ts';

export interface ImageViewerProps {
  readonly image: ViewerImage;
  /** The header as DICOM JSON (GET …/header), null while it loads or when it failed. */
  readonly header: DicomJson | null;
  /** What the image is, for the canvas's accessible name ("Held image 1 (US)"). */
  readonly label: string;
  readonly boxes: readonly ViewerBox[];
  /** Called with the new list when the reviewer draws, resizes or removes a box; without it, the boxes cannot be changed. */
  readonly onBoxesChange?: (boxes: ViewerBox[]) => void;
  /** The ids of the selected boxes (the ones a "redact these boxes" decision blanks), when the caller keeps them; else the viewer does. */
  readonly selected?: readonly string[];
  /** Called with the ids of the selected boxes. */
  readonly onSelectionChange?: (ids: string[]) => void;
}

type Drag = { kind: 'pan' | 'window' | 'draw'; sx: number; sy: number; view: View; win: VoiWindow; moved: boolean };

const ZOOM_STEP = 1.25;
const PAN_STEP = 40;
const CANVAS_HEIGHT = 560;

const boxText = (b: ViewerBox, i: number): string => {
  const category = categoryOf(b);
  return `Box ${i + 1}: ${CATEGORY_LABEL[category]}${category === 'identifier' ? ` (${b.kind})` : ''} at x ${b.box[0]}, y ${b.box[1]}, ${b.box[2]} × ${b.box[3]} px`;
};

const CATEGORIES = Object.keys(CATEGORY_LABEL) as BoxCategory[];
const FIELDS: readonly [BoxField, number][] = [['x', 0], ['y', 1], ['width', 2], ['height', 3]];

/** What each colour of box means. */
function Legend() {
  return (
    <List size="xs" listStyleType="none" aria-label="Box colours" styles={{ root: { display: 'flex', flexWrap: 'wrap', gap: 12 } }}>
      {CATEGORIES.map((c) => (
        <List.Item key={c}>
          <Group gap={6} wrap="nowrap">
            <Swatch aria-hidden w={14} h={10} style={{ border: `2px ${c === 'zone' ? 'dashed' : 'solid'} ${BOX_COLOURS[c]}`, background: '#000' }} />
            <Text size="xs">{CATEGORY_LABEL[c]}</Text>
          </Group>
        </List.Item>
      ))}
    </List>
  );
}

export function ImageViewer({ image, header, label, boxes, onBoxesChange, selected: chosen, onSelectionChange }: ImageViewerProps) {
  const helpId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLCanvasElement | null>(null);
  const drag = useRef<Drag | null>(null);
  const [size, setSize] = useState({ width: 0, height: CANVAS_HEIGHT });
  const [view, setView] = useState<View | null>(null);
  const opening = useMemo(() => defaultWindow(image.min, image.max, image.window), [image]);
  const [win, setWin] = useState<VoiWindow>(opening);
  const [drawn, setDrawn] = useState(0);
  const [mode, setMode] = useState<'pan' | 'draw'>('pan');
  const [own, setOwn] = useState<ReadonlySet<string>>(new Set());
  const selected = useMemo<ReadonlySet<string>>(() => (chosen ? new Set(chosen) : own), [chosen, own]);
  const [focus, setFocus] = useState(-1);
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState<Box | null>(null);
  const presets = useMemo(() => windowPresets(header), [header]);
  const fit = useCallback(() => (size.width > 0 ? fitView(image.width, image.height, size.width, size.height) : null), [image, size]);

  // A new image opens fitted, in its own window, with nothing selected.
  useEffect(() => { setWin(opening); setOwn(new Set()); setFocus(-1); setEditing(null); }, [opening]);
  useEffect(() => { setView(fit()); }, [fit]);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(([entry]) => { if (entry) setSize({ width: Math.floor(entry.contentRect.width), height: CANVAS_HEIGHT }); });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    frame.current ??= document.createElement('canvas');
    renderWindowed(image, win, frame.current);
    setDrawn((n) => n + 1);
  }, [image, win]);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !view || !frame.current || drawn === 0) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(size.width * ratio);
    c.height = Math.round(size.height * ratio);
    drawScene(c, frame.current, { view, boxes, selected, focus, draft }, ratio);
  }, [view, size, drawn, boxes, selected, focus, draft]);

  const select = (ids: ReadonlySet<string>) => { setOwn(ids); onSelectionChange?.([...ids]); };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (!next.delete(id)) next.add(id);
    select(next);
  };
  const remove = (id: string) => {
    onBoxesChange?.(boxes.filter((b) => b.id !== id));
    if (selected.has(id)) select(new Set([...selected].filter((s) => s !== id)));
    setFocus(-1);
    if (editing === id) setEditing(null);
  };
  const edit = (id: string, field: BoxField, value: number) =>
    onBoxesChange?.(boxes.map((b) => (b.id === id ? { ...b, box: editBox(b.box, field, value, image.width, image.height) } : b)));
  const zoom = (factor: number, at?: [number, number]) => setView((v) => (v ? zoomAt(v, factor, at?.[0] ?? size.width / 2, at?.[1] ?? size.height / 2) : v));
  const reset = () => { setView(fit()); setWin(opening); };

  // React's wheel listener is passive; zooming must keep the page from scrolling.
  useEffect(() => {
    const c = canvas.current;
    if (!c) return undefined;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      setView((v) => (v ? zoomAt(v, e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, e.clientX - r.left, e.clientY - r.top) : v));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!view) return;
    e.currentTarget.focus();
    e.currentTarget.setPointerCapture(e.pointerId);
    const [sx, sy] = point(e);
    const kind = e.button === 2 || e.shiftKey || e.ctrlKey || e.altKey ? 'window' : mode === 'draw' && onBoxesChange ? 'draw' : 'pan';
    drag.current = { kind, sx, sy, view, win, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const [sx, sy] = point(e);
    const [dx, dy] = [sx - d.sx, sy - d.sy];
    if (Math.abs(dx) + Math.abs(dy) > 3) d.moved = true;
    if (d.kind === 'pan') setView(panBy(d.view, dx, dy));
    else if (d.kind === 'window') setWin(dragWindow(d.win, dx, dy, image.max - image.min));
    else setDraft(boxBetween(toImage(d.view, d.sx, d.sy), toImage(d.view, sx, sy), image.width, image.height));
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    if (d.kind === 'draw' && d.moved && draft) {
      const id = `drawn-${Date.now().toString(36)}-${boxes.length}`;
      onBoxesChange?.([...boxes, { id, kind: 'drawn', box: draft, source: 'reviewer' }]);
      select(new Set([...selected, id]));
      setFocus(boxes.length);
    } else if (!d.moved && d.kind !== 'window') {
      const [ix, iy] = toImage(d.view, ...point(e));
      const hit = boxAt(boxes, ix, iy);
      if (hit >= 0) { toggle(boxes[hit]!.id); setFocus(hit); }
    }
    setDraft(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    const range = image.max - image.min;
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const arrow = arrows[e.key];
    if (arrow && e.shiftKey) setWin((w) => dragWindow(w, arrow[0] * 16, arrow[1] * 16, range));
    else if (arrow) setView((v) => (v ? panBy(v, -arrow[0] * PAN_STEP, -arrow[1] * PAN_STEP) : v));
    else if (e.key === '+' || e.key === '=') zoom(ZOOM_STEP);
    else if (e.key === '-' || e.key === '_') zoom(1 / ZOOM_STEP);
    else if (e.key === '0') reset();
    else if ((e.key === ']' || e.key === '[') && boxes.length > 0) setFocus((f) => (e.key === ']' ? (f + 1) % boxes.length : (f <= 0 ? boxes.length : f) - 1));
    else if ((e.key === ' ' || e.key === 'Enter') && boxes[focus]) toggle(boxes[focus].id);
    else if ((e.key === 'Delete' || e.key === 'Backspace') && boxes[focus] && onBoxesChange) remove(boxes[focus].id);
    else if (e.key === 'd' && onBoxesChange) setMode((m) => (m === 'draw' ? 'pan' : 'draw'));
    else if (e.key === 'Escape') { setDraft(null); setFocus(-1); drag.current = null; }
    else return;
    e.preventDefault();
  };

  const zoomText = view ? `${Math.round(view.scale * 100)}%` : '—';
  const frameText = image.frames > 1 ? ' (one frame of several)' : '';
  const presetValue = presets.findIndex((p) => p.centre === win.centre && p.width === win.width);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Stack gap="xs">
          <Group gap="xs" wrap="wrap" align="flex-end">
            <Button size="xs" variant="default" onClick={() => zoom(ZOOM_STEP)}>Zoom in</Button>
            <Button size="xs" variant="default" onClick={() => zoom(1 / ZOOM_STEP)}>Zoom out</Button>
            <Button size="xs" variant="default" onClick={() => setView((v) => (v ? zoomAt(v, 1 / v.scale, size.width / 2, size.height / 2) : v))}>Actual pixels (1:1)</Button>
            <Button size="xs" variant="default" onClick={reset}>Reset view and window</Button>
            {onBoxesChange ? (
              <Button size="xs" variant={mode === 'draw' ? 'filled' : 'default'} aria-pressed={mode === 'draw'} onClick={() => setMode((m) => (m === 'draw' ? 'pan' : 'draw'))}>Draw box</Button>
            ) : null}
          </Group>
          <Group gap="xs" wrap="wrap" align="flex-end">
            <NumberInput size="xs" w={130} label="Window centre" value={win.centre} decimalScale={2} onChange={(v) => { if (typeof v === 'number') setWin((w) => ({ ...w, centre: v })); }} />
            <NumberInput size="xs" w={130} label="Window width" value={win.width} min={1} decimalScale={2} onChange={(v) => { if (typeof v === 'number' && v >= 1) setWin((w) => ({ ...w, width: v })); }} />
            <NativeSelect
              size="xs" w={220} label="Window preset"
              value={presetValue >= 0 ? String(presetValue) : win.centre === opening.centre && win.width === opening.width ? 'open' : ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                if (v === 'open') setWin(opening);
                else if (v === 'range') setWin(defaultWindow(image.min, image.max, null));
                else if (presets[Number(v)]) setWin(presets[Number(v)]!);
              }}
              data={[
                { value: '', label: 'Custom', disabled: true }, { value: 'open', label: 'As opened' }, { value: 'range', label: 'Full range of the frame' },
                ...presets.map((p, i) => ({ value: String(i), label: `${p.label} (${p.centre}/${p.width})` })),
              ]}
            />
          </Group>
          <div ref={wrap} style={{ width: '100%' }}>
            <canvas
              ref={canvas}
              role="application"
              aria-roledescription="image viewer"
              aria-label={`${label}${frameText}: ${image.width} × ${image.height} pixels, ${boxes.length} box${boxes.length === 1 ? '' : 'es'} drawn, ${selected.size} selected`}
              aria-describedby={helpId}
              tabIndex={0}
              style={{ width: '100%', height: CANVAS_HEIGHT, display: 'block', cursor: mode === 'draw' ? 'crosshair' : 'grab', touchAction: 'none', borderRadius: 4 }}
              onPointerDown={onPointerDown}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={() => { drag.current = null; setDraft(null); }}
              onContextMenu={(e) => e.preventDefault()}
              onKeyDown={onKeyDown}
            />
          </div>
          <Text size="sm" role="status" aria-live="polite" aria-atomic>
            Zoom {zoomText} · window centre {win.centre}, width {win.width} · {mode === 'draw' ? 'drawing boxes' : 'panning'} · {selected.size} of {boxes.length} box{boxes.length === 1 ? '' : 'es'} selected
          </Text>
          <Text size="xs" c="dimmed" id={helpId}>
            Mouse: drag to pan, wheel to zoom, right-drag or Shift-drag for window (across: width, down: centre){onBoxesChange ? ', and in Draw box mode drag to draw a box' : ''}; click a box to select it.
            Keys on the image: + and − zoom, arrows pan, Shift+arrows set the window, 0 resets, [ and ] move between boxes, Space selects{onBoxesChange ? ', Delete removes a box, D toggles Draw box' : ''}.
          </Text>
          <Legend />
          {boxes.length > 0 ? (
            <Stack gap={4} component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Text component="legend" size="sm" fw={600}>Boxes (the selected ones are the ones a redaction blanks)</Text>
              {boxes.map((b, i) => (
                <Stack key={b.id} gap={2}>
                  <Group gap="xs">
                    <Swatch aria-hidden w={10} h={10} style={{ background: BOX_COLOURS[categoryOf(b)], borderRadius: 2 }} />
                    <Checkbox size="xs" label={boxText(b, i)} checked={selected.has(b.id)} onChange={() => toggle(b.id)} onFocus={() => setFocus(i)} />
                    {onBoxesChange ? (
                      <>
                        <Button size="compact-xs" variant="subtle" aria-expanded={editing === b.id} onClick={() => setEditing((e) => (e === b.id ? null : b.id))} aria-label={`Resize box ${i + 1}`}>Resize</Button>
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove(b.id)} aria-label={`Remove box ${i + 1}`}>Remove</Button>
                      </>
                    ) : null}
                  </Group>
                  {editing === b.id && onBoxesChange ? (
                    <Group gap="xs" pl="lg">
                      {FIELDS.map(([field, k]) => (
                        <NumberInput key={field} size="xs" w={90} label={`Box ${i + 1} ${field}`} min={field === 'width' || field === 'height' ? 1 : 0} step={1} allowDecimal={false}
                          value={b.box[k]} onChange={(v) => { if (typeof v === 'number') edit(b.id, field, v); }} />
                      ))}
                    </Group>
                  ) : null}
                </Stack>
              ))}
            </Stack>
          ) : <Text size="xs" c="dimmed">No boxes on this image.</Text>}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Stack gap="xs">
          <Text size="sm" fw={600}>De-identified header</Text>
          {header ? <HeaderTable header={header} label={`Header of ${label}`} /> : <Text size="sm" c="dimmed">The header is not available.</Text>}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
