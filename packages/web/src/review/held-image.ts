/**
 * A held frame as the viewer draws it: GET /api/review/:id/held/:index/image.png (lossless, full resolution)
 * decoded here, with the x-* headers saying how its samples become modality values and which window the file
 * suggests. Every fetch is an audited read on the node, so callers keep the result while the page is open.
 */
import { ApiError, problemOf, seg } from '../api/client.ts';
import { decodePng, type DecodedPng } from './png-decode.ts';
import type { VoiWindow } from './viewer-math.ts';

export interface ViewerImage extends DecodedPng {
  readonly frames: number;
  readonly photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  /** The modality value of a sample s is s * valueSlope + valueIntercept. */
  readonly valueSlope: number;
  readonly valueIntercept: number;
  readonly min: number;
  readonly max: number;
  readonly window: VoiWindow | null;
}

const numberHeader = (h: Headers, name: string, fallback: number): number => {
  const v = Number(h.get(name) ?? Number.NaN);
  return Number.isFinite(v) ? v : fallback;
};

export async function loadHeldImage(item: number, index: number, frame: number, signal?: AbortSignal): Promise<ViewerImage> {
  let response: Response;
  try {
    response = await fetch(`/api/review/${seg(item)}/held/${seg(index)}/image.png?frame=${seg(frame)}`, {
      credentials: 'same-origin', cache: 'no-store', headers: { accept: 'image/png, application/problem+json' }, ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network error', status: 0, code: 'NETWORK', detail: 'The node could not be reached for the image.' });
  }
  if (!response.ok) throw await problemOf(response);
  const h = response.headers;
  let png: DecodedPng;
  try {
    png = await decodePng(new Uint8Array(await response.arrayBuffer()));
  } catch (err) {
    throw new ApiError({ type: 'about:blank', title: 'Unreadable image', status: 0, code: 'PREVIEW_UNAVAILABLE', detail: err instanceof Error ? err.message : 'The image could not be read.' });
  }
  const photometric = h.get('x-image-photometric');
  const centre = numberHeader(h, 'x-window-center', Number.NaN);
  const width = numberHeader(h, 'x-window-width', Number.NaN);
  return {
    ...png,
    frames: numberHeader(h, 'x-image-frames', 1),
    photometric: photometric === 'MONOCHROME1' || photometric === 'RGB' ? photometric : png.channels === 3 ? 'RGB' : 'MONOCHROME2',
    valueSlope: numberHeader(h, 'x-value-slope', 1),
    valueIntercept: numberHeader(h, 'x-value-intercept', 0),
    min: numberHeader(h, 'x-value-min', 0),
    max: numberHeader(h, 'x-value-max', png.bitDepth === 16 ? 65535 : 255),
    window: Number.isFinite(centre) && width >= 1 ? { centre, width } : null,
  };
}
