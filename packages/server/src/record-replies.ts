/**
 * Answers made of catalogue records, in the format the client negotiated: the four RDF formats for any records
 * (a catalogue page, a dataset), and for a dataset's IRI also an HTML landing page for a person. A withdrawn
 * (invalidated) dataset answers 410 Gone with its tombstone record in the same formats.
 */
import type { FastifyReply } from 'fastify';
import {
  contentTypeFor, datasetLandingPage, datasetQuads, FORMAT_SUFFIXES, LANDING_PAGE_CSP, PAGE_CONTENT_TYPES, RECORD_CONTENT_TYPES, serialise, toJsonLd,
  tombstoneLandingPage, tombstoneQuads, type PageContentType, type RecordContentType, type TombstoneFacts,
} from '@oncoatlas/catalogue';
import { oncoError } from '@oncoatlas/core';
import type { ListedDataset } from '@oncoatlas/release';
import { problemOf, sendProblem } from './problem-details.ts';

type Quads = Parameters<typeof serialise>[0];

/** The OpenAPI description of a records answer. */
export const RECORDS = { description: 'Turtle, JSON-LD, RDF/XML or N-Triples, as the Accept header asks (text/turtle, application/ld+json, application/rdf+xml, application/n-triples)', type: 'string' } as const;

function notAcceptable(reply: FastifyReply, offered: readonly string[]): FastifyReply {
  return sendProblem(reply, problemOf(oncoError('USAGE', `This is served as ${offered.join(', ')}; ask for one of them in Accept.`)), 406);
}

/**
 * Sends records in the RDF format the Accept header asks for, 406 (a problem) when it asks for none of them.
 * `Vary: Accept`: a cache must not give the Turtle it kept to a client that asked for JSON-LD.
 *
 * @example return sendRecords(reply, catalogueQuads(settings, datasets, page), request.headers.accept);
 */
export async function sendRecords(reply: FastifyReply, quads: Quads, accept: string | undefined, status = 200): Promise<FastifyReply> {
  void reply.header('vary', 'Accept');
  const type = contentTypeFor(accept, RECORD_CONTENT_TYPES);
  if (!type) return notAcceptable(reply, RECORD_CONTENT_TYPES);
  return reply.code(status).type(contentTypeHeader(type)).send(await serialise(quads, type));
}

/** Text formats carry their charset; JSON-LD and RDF/XML declare their own encoding (UTF-8). */
function contentTypeHeader(type: PageContentType): string {
  return type === 'text/turtle' || type === 'application/n-triples' || type === 'text/html' ? `${type}; charset=utf-8` : type;
}

/** The type a request asks for: a format suffix or `?format=` names one outright; otherwise the Accept header. */
export function pageTypeOf(format: string | undefined, accept: string | undefined): PageContentType | null {
  if (format !== undefined) return FORMAT_SUFFIXES[format] ?? null;
  return contentTypeFor(accept, PAGE_CONTENT_TYPES);
}

/** The tombstone of a withdrawn dataset, from what it was last published as. */
function tombstoneOf(listed: ListedDataset): TombstoneFacts {
  const { facts } = listed;
  return { identifierIri: facts.identifierIri, title: facts.steward.title, description: facts.steward.description, version: facts.version, withdrawnAt: listed.changedAt };
}

/**
 * What a dataset's IRI answers: its records (200) while published, its tombstone (410 Gone) once withdrawn, in
 * the negotiated format; DATASET_NOT_FOUND (404) for a dataset the catalogue does not list.
 */
export async function sendListedDataset(reply: FastifyReply, listed: ListedDataset | undefined, type: PageContentType | null): Promise<FastifyReply> {
  void reply.header('vary', 'Accept');
  if (!listed) throw oncoError('DATASET_NOT_FOUND', 'There is no dataset with this identifier in this catalogue (never published, or taken back out of it).');
  if (!type) return notAcceptable(reply, PAGE_CONTENT_TYPES);
  const withdrawn = listed.state === 'invalidated';
  const tombstone = withdrawn ? tombstoneOf(listed) : undefined;
  const quads = tombstone ? tombstoneQuads(tombstone) : datasetQuads(listed.facts);
  const status = withdrawn ? 410 : 200;
  // When its records last changed, for a client that revalidates what it keeps.
  void reply.header('last-modified', new Date(withdrawn ? listed.changedAt : listed.facts.modifiedAt).toUTCString());
  if (type !== 'text/html') return reply.code(status).type(contentTypeHeader(type)).send(await serialise(quads, type as RecordContentType));
  const jsonLd = await toJsonLd(quads);
  const html = tombstone ? tombstoneLandingPage(tombstone, jsonLd) : datasetLandingPage(listed.facts, jsonLd);
  return reply.code(status).header('content-security-policy', LANDING_PAGE_CSP).type(contentTypeHeader(type)).send(html);
}
