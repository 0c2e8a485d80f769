/**
 * The JSON shapes of governed access (docs/access.md, the contract the web UI reads): rows of the hub's
 * tables turned into views with ISO times. No view holds a document's bytes.
 */
import type { DocumentKind, DocumentState, FormProblem, PermitAction, RequestEvent, ResourceEvent, ReviewStep } from '@oncoatlas/access';
import type { DocumentRow, OnboardingRow, RequestRow, ResourceRow, TransitionRow } from './access-store.ts';

export interface HubDocument {
  readonly id: string; readonly ownerType: 'onboarding' | 'request'; readonly ownerId: string; readonly kind: string; readonly filename: string;
  readonly mediaType: string; readonly size: number; readonly sha256: string; readonly uploadedBy: string; readonly uploadedAt: string;
  readonly state: 'submitted' | 'accepted' | 'rejected'; readonly reason: string | null; readonly validUntil: string | null;
  readonly decidedBy: string | null; readonly decidedAt: string | null;
}

export interface Onboarding {
  readonly id: string; readonly node: string; readonly nodeName: string; readonly path: 'transfer' | 'federated'; readonly organisation: string;
  readonly contact: { readonly name: string; readonly email: string }; readonly status: OnboardingRow['status'];
  readonly createdBy: string; readonly createdAt: string; readonly updatedAt: string; readonly decidedAt: string | null;
}

export interface OnboardingView {
  readonly onboarding: Onboarding;
  readonly checklist: readonly { readonly kind: DocumentKind; readonly state: DocumentState; readonly document: HubDocument | null }[];
  readonly reviews: readonly { readonly step: ReviewStep; readonly decision: 'approve' | 'reject' | 'return' | null; readonly reason: string | null; readonly by: string | null; readonly at: string | null }[];
  readonly nextStep: ReviewStep | null;
  /** What the caller may do now: 'upload', 'submit', 'decide-documents', 'review:<step id>'. */
  readonly actions: readonly string[];
}

export interface RequestSummary {
  readonly id: string; readonly title: string; readonly state: string; readonly creator: string;
  readonly createdAt: string; readonly updatedAt: string; readonly lastActivityAt: string;
  readonly resources: readonly { readonly node: string; readonly nodeName: string; readonly state: string }[];
}

export interface AccessConditions {
  readonly text: string;
  readonly actions: readonly PermitAction[];
  /** ISO time the permit ends. */
  readonly expiresAt: string;
}

export interface ResourceView {
  readonly id: string; readonly node: string; readonly nodeName: string; readonly dataset: string; readonly name: string; readonly state: string;
  readonly allowedEvents: readonly ResourceEvent[]; readonly conditions: AccessConditions | null;
  readonly permit: { readonly id: string; readonly status: string; readonly expiresAt: string; readonly actions: readonly string[] } | null;
}

export interface HistoryEntry {
  readonly at: string; readonly actor: string; readonly role: string; readonly event: string; readonly from: string; readonly to: string;
  readonly reason: string | null; readonly resource: string | null;
}

export interface RequestView {
  readonly request: RequestSummary;
  readonly form: object;
  readonly problems: readonly FormProblem[];
  readonly documents: readonly HubDocument[];
  readonly resources: readonly ResourceView[];
  readonly allowedEvents: readonly RequestEvent[];
  readonly history: readonly HistoryEntry[];
}

export interface MessageView {
  readonly id: string; readonly author: string; readonly authorRole: string; readonly audience: string; readonly text: string; readonly at: string;
}

export interface NotificationView {
  readonly id: string; readonly text: string; readonly requestId: string | null; readonly onboardingId: string | null; readonly createdAt: string; readonly readAt: string | null;
}

export interface PermitRow {
  readonly id: string; readonly request: string; readonly resource: string; readonly node: string; readonly nodeName: string; readonly dataset: string;
  readonly name: string; readonly researcher: string; readonly status: string; readonly actions: readonly string[]; readonly expiresAt: string; readonly issuedAt: string;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

export function documentOf(d: DocumentRow): HubDocument {
  return {
    id: d.id, ownerType: d.owner_type, ownerId: d.owner_id, kind: d.kind, filename: d.filename, mediaType: d.media_type, size: Number(d.size), sha256: d.sha256,
    uploadedBy: d.uploaded_by, uploadedAt: iso(Number(d.uploaded_at)), state: d.state, reason: d.reason, validUntil: d.valid_until,
    decidedBy: d.decided_by, decidedAt: isoOrNull(d.decided_at === null ? null : Number(d.decided_at)),
  };
}

export function onboardingOf(o: OnboardingRow, nodeName: string): Onboarding {
  return {
    id: o.id, node: o.node_id, nodeName, path: o.path, organisation: o.organisation, contact: { name: o.contact_name, email: o.contact_email },
    status: o.status, createdBy: o.created_by, createdAt: iso(Number(o.created_at)), updatedAt: iso(Number(o.updated_at)),
    decidedAt: isoOrNull(o.decided_at === null ? null : Number(o.decided_at)),
  };
}

export function summaryOf(r: RequestRow, resources: readonly ResourceRow[], names: ReadonlyMap<string, string>): RequestSummary {
  return {
    id: r.id, title: r.title, state: r.state, creator: r.creator, createdAt: iso(Number(r.created_at)), updatedAt: iso(Number(r.updated_at)),
    lastActivityAt: iso(Number(r.last_activity_at)),
    resources: resources.filter((x) => x.request_id === r.id).map((x) => ({ node: x.node_id, nodeName: names.get(x.node_id) ?? x.node_id, state: x.state })),
  };
}

export function historyOf(t: TransitionRow): HistoryEntry {
  return { at: iso(Number(t.at)), actor: t.actor, role: t.role, event: t.event, from: t.from_state, to: t.to_state, reason: t.reason, resource: t.resource_id };
}

/** The first document of each kind in a newest-first list: the one in force. */
export function latestPerKind(docs: readonly DocumentRow[]): Map<string, DocumentRow> {
  const latest = new Map<string, DocumentRow>();
  for (const d of docs) if (!latest.has(d.kind)) latest.set(d.kind, d);
  return latest;
}
