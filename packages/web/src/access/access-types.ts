/**
 * Mirrors the hub's access API JSON (/tmp/access-contract.md "HTTP", served by packages/server
 * hub/hub-access-routes.ts from packages/hub access/*): requests, resources, documents, messages, notifications
 * and permits. States and events are plain strings here: the machines live in @oncoatlas/access, which the web
 * bundle does not import, and a state the UI has no label for still shows (access-labels.ts).
 */

/** Mirrors @oncoatlas/access `FormProblem`: a JSON pointer into the form and what is wrong there. */
export interface FormProblem {
  readonly path: string;
  readonly message: string;
}

/** Mirrors @oncoatlas/access `DocumentKind`. */
export interface DocumentKind {
  readonly id: string;
  readonly title: string;
  readonly paths: readonly string[];
  readonly required: boolean;
  readonly requiredForPublication: boolean;
  readonly expires: boolean;
  readonly hint: string;
}

/** Mirrors @oncoatlas/access `ReviewStep`. */
export interface ReviewStep {
  readonly id: string;
  readonly title: string;
  readonly role: string;
}

/** Mirrors `GET /hub/api/access/checklists`. */
export interface Checklists {
  readonly paths: Readonly<Record<string, readonly DocumentKind[]>>;
  readonly requestDocuments: readonly DocumentKind[];
  readonly reviewSteps: readonly ReviewStep[];
}

/** Mirrors the hub's `HubDocument`. */
export interface HubDocument {
  readonly id: string;
  readonly ownerType: 'onboarding' | 'request';
  readonly ownerId: string;
  readonly kind: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly state: string;
  readonly reason: string | null;
  readonly validUntil: string | null;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

/** Mirrors the hub's `RequestSummary` (one row of `GET /requests`). */
export interface RequestSummary {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly creator: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastActivityAt: string;
  readonly resources: readonly { readonly node: string; readonly nodeName: string; readonly state: string }[];
}

/** What INDICATE_ACCESS_CONDITIONS sets on a resource; the permit's actions and expiry come from it. */
export interface AccessConditions {
  readonly text: string;
  readonly actions: readonly string[];
  readonly expiresAt: string;
}

/** Mirrors the hub's `ResourceView`. */
export interface ResourceView {
  readonly id: string;
  readonly node: string;
  readonly nodeName: string;
  readonly dataset: string;
  readonly name: string;
  readonly state: string;
  readonly allowedEvents: readonly string[];
  readonly conditions: AccessConditions | null;
  readonly permit: { readonly id: string; readonly status: string; readonly expiresAt: string; readonly actions: readonly string[] } | null;
}

/** Mirrors one entry of `RequestView.history`. */
export interface HistoryEntry {
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly event: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string | null;
  readonly resource: string | null;
}

/** Mirrors the hub's `RequestView` (`GET /requests/:id` and every write on a request). */
export interface RequestView {
  readonly request: RequestSummary;
  readonly form: Record<string, unknown>;
  readonly problems: readonly FormProblem[];
  readonly documents: readonly HubDocument[];
  readonly resources: readonly ResourceView[];
  readonly allowedEvents: readonly string[];
  readonly history: readonly HistoryEntry[];
}

/** Mirrors one message of `GET /requests/:id/messages`. */
export interface Message {
  readonly id: string;
  readonly author: string;
  readonly authorRole: string;
  readonly audience: string;
  readonly text: string;
  readonly at: string;
}

/** Mirrors `GET /notifications`. */
export interface NotificationList {
  readonly notifications: readonly {
    readonly id: string;
    readonly text: string;
    readonly requestId: string | null;
    readonly onboardingId: string | null;
    readonly createdAt: string;
    readonly readAt: string | null;
  }[];
  readonly unread: number;
}

/** Mirrors one row of `GET /permits`. */
export interface PermitRow {
  readonly id: string;
  readonly request: string;
  readonly resource: string;
  readonly node: string;
  readonly nodeName: string;
  readonly dataset: string;
  readonly name: string;
  readonly researcher: string;
  readonly status: string;
  readonly actions: readonly string[];
  readonly expiresAt: string;
  readonly issuedAt: string;
}

/** Mirrors the node's `permit-status` task answer, relayed by `GET /permits/:id` as `live`. */
export interface PermitLive {
  readonly status: 'active' | 'revoked' | 'expired';
  readonly revokedAt: string | null;
  readonly reason: string | null;
  readonly uses: readonly { readonly at: string; readonly action: string; readonly outcome: 'allowed' | 'refused'; readonly code: string | null }[];
}

/** Mirrors `GET /permits/:id`: the row plus what the node says now (null when it did not answer in time). */
export interface PermitDetail extends PermitRow {
  readonly live: PermitLive | null;
  readonly liveError?: string;
}

/** `GET /form-schema`: the application form's JSON Schema, with the sections' order and titles beside it. */
export interface FormSection {
  readonly id: string;
  readonly title: string;
}
