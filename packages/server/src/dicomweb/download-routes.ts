/**
 * Downloads under a permit that allows `download`: the version's manifest (every file with its SHA-256, the
 * bytes as released) and any file it lists, streamed with its SHA-256 as `Repr-Digest` (RFC 9530) and the
 * older `Digest` (RFC 3230) so a client checks what it received. Only a path the manifest lists is served:
 * the path is looked up, never joined blindly, so `..` or an absolute path cannot leave the version's folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { oncoError } from '@oncoatlas/core';
import { versionDir, type Manifest } from '@oncoatlas/release';
import { attachment } from '../http/attachment.ts';
import { resourceOf, type DicomWebOptions, type Params } from './dicomweb-routes.ts';
import { DOWNLOAD, permitFor, type Permitted } from './permit-guard.ts';

const tags = ['dicomweb'];

const CONTENT_TYPES: readonly [RegExp, string][] = [
  [/\.dcm$/i, 'application/dicom'], [/\.json$/i, 'application/json'], [/\.jsonl$/i, 'application/jsonl'],
  [/\.csv$/i, 'text/csv'], [/\.html?$/i, 'text/html'], [/\.pdf$/i, 'application/pdf'], [/\.txt$/i, 'text/plain'],
];

function digestHeaders(sha256Hex: string): Record<string, string> {
  const b64 = Buffer.from(sha256Hex, 'hex').toString('base64');
  return { 'repr-digest': `sha-256=:${b64}:`, digest: `sha-256=${b64}` };
}

async function manifestBytes(dataDir: string, p: Permitted): Promise<Buffer> {
  try {
    return await readFile(join(versionDir(dataDir, p.dataset, p.version), 'manifest.json'));
  } catch (err) {
    throw oncoError('DATASET_NOT_FOUND', 'The dataset version has no manifest on this node.', {}, err);
  }
}

export async function registerDownloadRoutes(dw: FastifyInstance, o: DicomWebOptions): Promise<void> {
  dw.get<{ Params: Params }>('/manifest', { schema: { summary: 'The version\'s manifest.json as released (permit: download): every file with its SHA-256 and size', tags } }, async (request, reply) => {
    const p = await permitFor(o, request, DOWNLOAD, 'manifest');
    const bytes = await manifestBytes(o.dataDir(), p);
    return reply.type('application/json').headers(digestHeaders(createHash('sha256').update(bytes).digest('hex'))).send(bytes);
  });

  dw.get<{ Params: Params<{ '*': string }> }>('/files/*', { schema: { summary: 'One file the manifest lists, by its path (permit: download), with its SHA-256 in Repr-Digest and Digest', tags } }, async (request, reply) => {
    const path = request.params['*'];
    const p = await permitFor(o, request, DOWNLOAD, resourceOf('file', path));
    const dataDir = o.dataDir();
    const manifest = JSON.parse((await manifestBytes(dataDir, p)).toString('utf8')) as Manifest;
    const file = manifest.files.find((f) => f.path === path);
    if (!file) throw oncoError('DICOMWEB_NOT_FOUND', 'The version\'s manifest lists no file at that path.');
    const type = CONTENT_TYPES.find(([re]) => re.test(file.path))?.[1] ?? 'application/octet-stream';
    return reply.type(type).headers({
      ...digestHeaders(file.sha256), 'content-length': String(file.bytes),
      'content-disposition': attachment(file.path),
    }).send(createReadStream(join(versionDir(dataDir, p.dataset, p.version), file.path)));
  });
}
