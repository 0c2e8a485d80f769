/**
 * Per-image review decisions end to end, on a synthetic hospital with text burned into its pixels: populated
 * (no Clean Pixel Data option), served by `oncoatlas serve` with the site secret (so redactions are checked
 * against the source's identifiers), a steward signed in in Chromium. The steward removes the boxes the scan
 * found, draws one box, sets it over the planted text, redacts and confirms; on disk the released file is blank
 * inside the box and unchanged outside, dcmdump reads it, and the ledger and the audit log say so. Then, over
 * the API: release as it is, reject, and the refusals (decided already, a box outside the image, a box that
 * misses the text while OCR still reads it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { findElement, parsePart10, PIXEL_DATA, stringAt, uint16Value } from '@oncoatlas/dicom';
import { openStore, SourcePathKeys, StudyLedger } from '@oncoatlas/store';
import { generateHospital } from '@oncoatlas/synth';
import { chromiumPath, freePort, hasTool, requireChromium, requireTool, requireWebBuild, runDcmdump, startServe, WEB_DIST } from '@oncoatlas/testkit';
import { accessibilityProblems } from './support/axe.ts';
import { api, nodeSignIn, nodeToken, signedIn } from './support/access-e2e-steps.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/oncoatlas.js', import.meta.url));
const ok = (...args: string[]): string => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WAIT = { timeout: 120_000 };
const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

type Box = [number, number, number, number];
interface Held { index: number; path: string; findings: { kind: string; box: Box }[]; decision: { action: string; boxes: Box[]; verified: boolean | null } | null }
interface Detail { id: number; status: string; held: Held[]; decided?: { verification: string } }
/** A held image with the truth of what was burned into it. */
interface Target { item: number; index: number; path: string; source: string; planted: { kind: string; text: string; box: Box }[] }

/** One frame of uncompressed pixels, sample by sample. */
function pixels(bytes: Uint8Array): { columns: number; rows: number; samples: number; photometric: string; at: (x: number, y: number, c: number) => number } {
  const f = parsePart10(bytes);
  assert.ok(UNCOMPRESSED.has(f.transferSyntax.uid), `uncompressed pixels (${f.transferSyntax.uid})`);
  const us = (tag: number): number => uint16Value(f.buffer, findElement(f.dataset, tag)!, true) ?? 0;
  const [rows, columns, samples, bits] = [us(0x00280010), us(0x00280011), us(0x00280002), us(0x00280100)];
  const planar = samples > 1 && findElement(f.dataset, 0x00280006) ? us(0x00280006) : 0;
  const p = findElement(f.dataset, PIXEL_DATA)!;
  const v = f.buffer.subarray(p.valueOffset, p.valueOffset + p.length);
  const at = (x: number, y: number, c: number): number => {
    const k = planar ? c * rows * columns + y * columns + x : (y * columns + x) * samples + c;
    return bits === 16 ? v[2 * k]! | (v[2 * k + 1]! << 8) : v[k]!;
  };
  return { columns, rows, samples, photometric: (stringAt(f.buffer, f.dataset, 0x00280004) ?? '').trim(), at };
}

/** The smallest box holding every planted identifier of an image, 3 px wider on each side, inside the image. */
function over(planted: Target['planted'], columns: number, rows: number): Box {
  const ids = planted.filter((p) => p.kind !== 'other');
  const x0 = Math.max(0, Math.min(...ids.map((p) => p.box[0])) - 3);
  const y0 = Math.max(0, Math.min(...ids.map((p) => p.box[1])) - 3);
  const x1 = Math.min(columns, Math.max(...ids.map((p) => p.box[0] + p.box[2])) + 3);
  const y1 = Math.min(rows, Math.max(...ids.map((p) => p.box[1] + p.box[3])) + 3);
  return [x0, y0, x1 - x0, y1 - y0];
}

test('a steward redacts one box of a held image in the browser; the released file is blank there and unchanged elsewhere', async (t) => {
  if (!requireChromium(t) || !requireWebBuild(t) || !requireTool(t, 'dcmdump')) return;
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-review-redact-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hospital = join(dir, 'h');
  // Eight studies of this seed hold six US images with a name, ID or date burned in, in three review items.
  const truth = generateHospital({ out: hospital, studies: 8, seed: 'r', pixels: 'realistic' });
  const data = join(dir, 'data');
  const secret = join(dir, 'site.secret');
  ok('secret', 'new', secret);
  ok('populate', '--data-dir', data, '--source', join(hospital, 'pacs'), '--cohort', join(hospital, 'cohort.json'), '--secret-file', secret, '--jobs', '2', '--json');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await startServe(t, ['--data-dir', data, '--port', String(port), '--web', WEB_DIST, '--secret-file', secret]);
  const token = await nodeToken(data, 'steward', 'rita');
  const call = <T>(method: string, path: string, body?: unknown): Promise<T> => api<T>(url, token, method, path, body);
  const attempt = async (path: string, body: unknown): Promise<{ status: number; body: string; json: Record<string, unknown> }> => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text, json: JSON.parse(text) as Record<string, unknown> };
  };

  // Each held image with what the synthetic hospital burned into it: found through the ledger's sealed source paths.
  const store = await openStore({ dataDir: data });
  t.after(() => store.close());
  const ledger = new StudyLedger(store.db);
  const paths = SourcePathKeys.fromSiteSecret(Buffer.from(readFileSync(secret, 'utf8').trim(), 'utf8'));
  const planted = new Map(truth.studies.flatMap((s) => s.burnedIn ?? []).map((b) => [b.path, b.items.map((i) => ({ kind: i.kind, text: i.text, box: [...i.box] as Box }))]));
  const targets: Target[] = [];
  for (const item of await call<{ id: number }[]>('GET', '/api/review')) {
    const detail = await call<Detail>('GET', `/api/review/${item.id}`);
    const rows = await ledger.instancesOfStudy((await ledger.reviewItem(item.id))!.study_key);
    for (const h of detail.held) {
      const row = rows.find((r) => r.output_path === h.path)!;
      const source = paths.open({ source_key: row.source_key, source_sealed: row.source_sealed! });
      targets.push({ item: item.id, index: h.index, path: h.path, source, planted: planted.get(relative(hospital, source)) ?? [] });
    }
  }
  const withIds = targets.filter((x) => x.planted.some((p) => p.kind !== 'other') && UNCOMPRESSED.has(parsePart10(readFileSync(x.source)).transferSyntax.uid));
  assert.ok(withIds.length >= 4, `held images with identifiers burned in: ${withIds.length}`);
  const area = (x: Target): number => { const b = over(x.planted, 1e6, 1e6); return b[2] * b[3]; };
  // In the browser: the image whose planted identifiers one box covers most tightly.
  const shown = [...withIds].sort((a, b) => area(a) - area(b))[0]!;
  const heldFile = join(data, 'deidentified', shown.path);
  const heldBytes = readFileSync(heldFile);
  const before = pixels(heldBytes);
  const box = over(shown.planted, before.columns, before.rows);

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS });
  t.after(() => browser.close());
  const errors: string[] = [];
  const page = await signedIn(browser, errors, nodeSignIn(data, url, 'steward', 'rita'));
  await page.waitForURL(`${url}/`);
  await page.goto(`${url}/review/${shown.item}`);
  await page.getByRole('combobox', { name: 'Held image', exact: true }).selectOption(String(shown.index));
  const canvas = page.getByRole('application', { name: new RegExp(`^Held image ${shown.index + 1} \\(US\\)`) });
  await canvas.waitFor(WAIT);
  await page.getByRole('status').filter({ hasText: /^Zoom \d+%/ }).first().waitFor(WAIT);
  await page.getByRole('list', { name: 'Box colours' }).waitFor();
  assert.ok(await page.getByRole('checkbox', { name: /Patient identifier read by OCR/ }).count() > 0, 'the identifiers OCR found are drawn as boxes');
  assert.deepEqual(await accessibilityProblems(page, 'review item with boxes'), []);

  // Keep exactly one box: remove what the scan found, draw one, then set it over the planted text.
  const removers = page.getByRole('button', { name: /^Remove box \d+$/ });
  while (await removers.count() > 0) await removers.first().click();
  await page.getByRole('button', { name: 'Draw box' }).click();
  const r = (await canvas.boundingBox())!;
  await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
  await page.mouse.down();
  await page.mouse.move(r.x + r.width / 2 + 40, r.y + r.height / 2 + 30, { steps: 5 });
  await page.mouse.up();
  assert.equal(await page.getByRole('checkbox', { name: /^Box 1: Drawn or kept by you/ }).isChecked(), true, 'a drawn box is selected');
  await page.getByRole('button', { name: 'Resize box 1' }).click();
  for (const [field, value] of [['x', box[0]], ['y', box[1]], ['width', box[2]], ['height', box[3]]] as const) {
    await page.getByLabel(`Box 1 ${field}`, { exact: true }).fill(String(value));
  }
  await page.getByRole('checkbox', { name: new RegExp(`^Box 1: Drawn or kept by you at x ${box[0]}, y ${box[1]}, ${box[2]} × ${box[3]} px$`) }).waitFor();

  await page.getByRole('button', { name: 'Redact these boxes (1)' }).click();
  const dialog = page.getByRole('dialog', { name: `Redact 1 box of held image ${shown.index + 1}?` });
  await dialog.getByText(/The 1 selected box will be blanked in every frame .* This decision is final\./).waitFor();
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('The patient\'s name and ID at the top.');
  await dialog.getByRole('button', { name: 'Redact and release' }).click();
  await page.getByText(/^Redacted 1 box and released/).waitFor(WAIT);
  assert.deepEqual(errors, [], 'no error in the page');

  // On disk: the released file, blank inside the box, the held file's pixels everywhere else.
  const released = join(data, 'deidentified', shown.path.replace(/^_review\//, ''));
  assert.ok(existsSync(released) && !existsSync(heldFile), 'released, no longer held');
  const after = pixels(readFileSync(released));
  assert.deepEqual([after.columns, after.rows, after.samples], [before.columns, before.rows, before.samples]);
  let minimum = Infinity;
  for (let y = 0; y < before.rows; y++) for (let x = 0; x < before.columns; x++) minimum = Math.min(minimum, before.at(x, y, 0));
  const blank = before.samples === 1 ? [minimum] : before.photometric === 'YBR_FULL' ? [0, 128, 128] : [0, 0, 0];
  let [inside, outside] = [0, 0];
  for (let y = 0; y < before.rows; y++) {
    for (let x = 0; x < before.columns; x++) {
      const inBox = x >= box[0] && x < box[0] + box[2] && y >= box[1] && y < box[1] + box[3];
      for (let c = 0; c < before.samples; c++) {
        const v = after.at(x, y, c);
        if (inBox ? v !== blank[c] : v !== before.at(x, y, c)) assert.fail(`pixel ${x},${y} sample ${c}: ${v} (${inBox ? 'inside' : 'outside'} the box)`);
      }
      if (inBox) inside++; else outside++;
    }
  }
  assert.equal(inside, box[2] * box[3]);
  assert.ok(outside > 0);
  const dump = runDcmdump(released);
  assert.ok(dump.ok, dump.errors.join('\n'));
  assert.match(dump.output, /\(0028,0301\) CS \[NO\]/, 'Burned In Annotation NO');
  const stamped = parsePart10(readFileSync(released));
  assert.match(stringAt(stamped.buffer, stamped.dataset, 0x00120063) ?? '', /Burned-in text blanked \(boxes drawn by a reviewer\)/, 'the method, in De-identification Method');

  // The ledger and the audit log.
  const detail = await call<Detail>('GET', `/api/review/${shown.item}`);
  const decision = detail.held[shown.index]!.decision!;
  assert.deepEqual([decision.action, decision.boxes], ['redact', [box]]);
  assert.equal(decision.verified, hasTool('tesseract') ? true : null, 'verified by OCR against the source\'s identifiers');
  const row = (await ledger.instancesOfStudy((await ledger.reviewItem(shown.item))!.study_key)).find((i) => i.output_path === shown.path.replace(/^_review\//, ''));
  assert.equal(row?.status, 'deidentified');
  const audit = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000').trim().split('\n').map((l) => JSON.parse(l) as { actor: string; event: Record<string, unknown> });
  const logged = audit.filter((e) => e.event.type === 'PIXELS_DECIDED');
  assert.deepEqual(logged.map((e) => [e.actor.startsWith('rita'), e.event.path, e.event.action, e.event.boxes]), [[true, shown.path, 'redact', 1]]);

  // Over the API, on another item with two images with identifiers: refusals first, then release and reject.
  const other = withIds.find((x) => x.item !== shown.item && withIds.filter((y) => y.item === x.item).length >= 2)!;
  assert.ok(other, 'another item with two images');
  const [first, second] = withIds.filter((x) => x.item === other.item);
  const decide = (x: Target, body: unknown) => attempt(`/api/review/${x.item}/held/${x.index}/decision`, body);
  const already = await decide(shown, { action: 'reject', reason: 'again' });
  assert.deepEqual([already.status, already.json.code], [409, 'REVIEW_ALREADY_DECIDED']);
  const outside1 = await decide(first!, { action: 'redact', boxes: [[0, 0, 10_000, 10]], reason: 'too wide' });
  assert.deepEqual([outside1.status, outside1.json.code], [400, 'REDACTION_INVALID_BOX']);
  const firstBytes = readFileSync(join(data, 'deidentified', first!.path));
  if (hasTool('tesseract') || process.env.CI === 'true') {
    const miss = await decide(first!, { action: 'redact', boxes: [[400, 300, 8, 8]], reason: 'misses the text' });
    assert.deepEqual([miss.status, miss.json.code], [422, 'REDACTION_INCOMPLETE'], miss.body);
    const remaining = miss.json.remaining as { kind: string; box: Box }[];
    assert.ok(remaining.length > 0 && remaining.every((x) => ['name', 'id', 'date', 'institution'].includes(x.kind) && x.box.length === 4), miss.body);
    for (const p of first!.planted.filter((x) => x.kind !== 'other')) assert.ok(!miss.body.includes(p.text), `the refusal names no planted identifier (${p.kind})`);
    assert.deepEqual(readFileSync(join(data, 'deidentified', first!.path)), firstBytes, 'nothing was written');
  }
  const releasedAsIs = await call<Detail>('POST', `/api/review/${first!.item}/held/${first!.index}/decision`, { action: 'release', reason: 'printed by the scanner, checked' });
  assert.deepEqual([releasedAsIs.held[first!.index]!.decision?.action, releasedAsIs.status], ['release', 'pending']);
  assert.deepEqual(readFileSync(join(data, 'deidentified', first!.path.replace(/^_review\//, ''))), firstBytes, 'released as it was held');
  const rejected = await call<Detail>('POST', `/api/review/${second!.item}/held/${second!.index}/decision`, { action: 'reject', reason: 'a name across the image' });
  assert.equal(rejected.held[second!.index]!.decision?.action, 'reject');
  assert.ok(!existsSync(join(data, 'deidentified', second!.path)) && !existsSync(join(data, 'deidentified', second!.path.replace(/^_review\//, ''))), 'a rejected image is nowhere in the output');
  // Both images of that item decided: it closes, approved as one image went out, and its study is integrated.
  assert.equal(rejected.status, 'approved');
  const studyKey = (await ledger.reviewItem(other.item))!.study_key;
  assert.equal((await ledger.study(studyKey))?.status, 'done');
  const closing = ok('audit', 'show', '--data-dir', data, '--json', '--limit', '100000');
  const events = closing.trim().split('\n').map((l) => (JSON.parse(l) as { event: Record<string, unknown> }).event);
  assert.deepEqual(events.filter((e) => e.type === 'REVIEW_DECIDED' && e.item === other.item).map((e) => e.decision), ['approved']);
  assert.deepEqual(events.filter((e) => e.type === 'PIXELS_DECIDED').map((e) => e.action), ['redact', 'release', 'reject']);
  assert.match(ok('audit', 'verify', '--data-dir', data), /verified/);
  for (const p of [...planted.values()].flat().filter((x) => x.kind !== 'other')) assert.ok(!closing.includes(p.text), 'no planted identifier in the audit log');
});
