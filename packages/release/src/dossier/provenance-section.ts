/**
 * Section 6: what produced the version, and where its history can be checked. The audit log's size and
 * root hash let an auditor ask the node for a consistency proof that the events listed here are still in it.
 */
import type { DossierData } from './dossier-data.ts';
import { h3, section, SECTIONS } from './dossier-sections.ts';
import { code, commandLine, facts, formatInt, formatTimestamp, paragraph, raw, stamp, table } from './html.ts';

export function provenanceSection(data: DossierData): string {
  const p = data.provenance;
  // Sequence numbers and run ids are looked up verbatim in the audit log, so they get no thousands separator.
  const body =
    facts([
      ['Software', p.software],
      ['Dossier generated', formatTimestamp(p.generatedAt)],
      ['Audit log size', raw(`${formatInt(p.auditLog.size)} event${p.auditLog.size === 1 ? '' : 's'}`)],
      ['Audit log root hash', raw(`<span class="hash">${code(p.auditLog.rootHash).html}</span>`)],
    ]) +
    h3('Audit events about this dataset') +
    (p.events.length === 0
      ? paragraph('No audit event.')
      : table(['Seq', 'At', 'Event', 'Actor'], p.events.map((e) => [String(e.seq), stamp(e.at), code(e.type), e.actor]), { numeric: [0], className: 'events' })) +
    h3('Populate runs') +
    (p.runs.length === 0
      ? paragraph('No run recorded.')
      : table(
        ['Run', 'Command', 'Started', 'Finished', 'Status'],
        p.runs.map((r) => [String(r.id), commandLine(r.command), stamp(r.startedAt), r.finishedAt === null ? raw('<span class="muted">not finished</span>') : stamp(r.finishedAt), r.status]),
        { numeric: [0], className: 'runs' },
      ));
  return section(SECTIONS.provenance, body, { major: true });
}
