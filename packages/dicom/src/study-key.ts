import { createHash } from 'node:crypto';

/**
 * The name OncoAtlas gives a study in its ledger, reports and funnel: a digest of the Study Instance UID.
 * A UID is an identifier (PS3.15 Table E.1-1 replaces it), so reports never show it. The key is unkeyed on
 * purpose: it must be computable from the files alone, before a site secret is loaded, and stay stable if the
 * secret is rotated. It never leaves the node; released data carry the keyed pseudonymous UIDs instead.
 *
 * @example studyKey('1.2.3') // 'st-' followed by 20 hex digits
 */
export function studyKey(studyInstanceUid: string): string {
  return `st-${createHash('sha256').update(studyInstanceUid.replace(/[\0 ]+$/, ''), 'latin1').digest('hex').slice(0, 20)}`;
}
