/**
 * The lifecycle of a dataset version in the catalogue, as the EUCAIM UPV node runs it (§3.1): a draft is
 * released by its steward, published to the federation, and may be invalidated and reactivated; publishing
 * can also be withdrawn (back to released). Pure: the caller stores the state and logs the change.
 *
 * Each change is named with the value the EUCAIM tracer's UPDATE_DATASET event carries in `details`, the
 * same strings as UPDATE_DETAILS in @oncoatlas/audit (audit-events.ts). They are repeated here, not
 * imported, because catalogue may not depend on audit; keep the two lists in step.
 */
import { oncoError } from '@oncoatlas/core';
import type { RecordValidation } from './validate-records.ts';
import { formatProblems } from './validate-records.ts';

export const DATASET_STATES = ['draft', 'released', 'published', 'invalidated'] as const;
export type DatasetState = (typeof DATASET_STATES)[number];

export const LIFECYCLE_ACTIONS = ['RELEASE', 'PUBLISH', 'INVALIDATE', 'REACTIVATE', 'UNPUBLISH'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface Transition {
  readonly action: LifecycleAction;
  readonly from: DatasetState;
  readonly to: DatasetState;
  /** True when the records must conform to the shapes (the dataset becomes visible to the federation). */
  readonly needsConformingRecords: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'RELEASE', from: 'draft', to: 'released', needsConformingRecords: false },
  { action: 'PUBLISH', from: 'released', to: 'published', needsConformingRecords: true },
  { action: 'INVALIDATE', from: 'published', to: 'invalidated', needsConformingRecords: false },
  // Reactivating puts the dataset back in front of the federation: the records are checked again, since
  // the shapes or the steward's fields may have changed while it was invalidated.
  { action: 'REACTIVATE', from: 'invalidated', to: 'published', needsConformingRecords: true },
  { action: 'UNPUBLISH', from: 'published', to: 'released', needsConformingRecords: false },
];

/** The actions allowed from a state, in the order of TRANSITIONS. */
export function allowedActions(state: DatasetState): LifecycleAction[] {
  return TRANSITIONS.filter((t) => t.from === state).map((t) => t.action);
}

/** The transition an action makes from a state; CATALOGUE_ILLEGAL_TRANSITION when there is none. */
export function transitionFor(state: DatasetState, action: LifecycleAction): Transition {
  const transition = TRANSITIONS.find((t) => t.from === state && t.action === action);
  if (transition) return transition;
  const allowed = allowedActions(state);
  throw oncoError(
    'CATALOGUE_ILLEGAL_TRANSITION',
    `A ${state} dataset cannot be changed by ${action}; from ${state} ${allowed.length === 1 ? 'the only change is' : 'the changes are'} ${allowed.join(', ')}.`,
    { state, action },
  );
}

/**
 * Refuses records that do not conform (CATALOGUE_INVALID_RECORD), listing every violation as a field of the
 * catalogue form and what to set (problem-fields.ts), one per line.
 * Warnings do not block.
 */
export function assertPublishable(validation: RecordValidation): void {
  if (validation.conforms) return;
  const violations = validation.problems.filter((p) => p.severity === 'violation');
  throw oncoError(
    'CATALOGUE_INVALID_RECORD',
    `The dataset's catalogue record cannot be published: ${violations.length} ${violations.length === 1 ? 'field needs' : 'fields need'} a value or a change.\n` +
      formatProblems({ conforms: false, problems: violations }),
    // `fields` are the form's paths (publisher.name), for clients that focus them; the detail says the same in words.
    { problems: violations.length, fields: [...new Set(violations.flatMap((p) => (p.field ? [p.field] : [])))].join(' ') },
  );
}

/**
 * The state after `action`, checking that the action is allowed and, when it makes the dataset published,
 * that `validation` (of the records as they will be published) conforms.
 *
 * @example
 * const validation = await validateRecords(datasetQuads(facts));
 * const next = applyTransition('released', 'PUBLISH', validation); // 'published', or throws
 * audit.append({ type: 'UPDATE_DATASET', userId, datasetId, details: 'PUBLISH' });
 */
export function applyTransition(state: DatasetState, action: LifecycleAction, validation?: RecordValidation): DatasetState {
  const transition = transitionFor(state, action);
  if (transition.needsConformingRecords) {
    if (!validation) {
      throw oncoError('CATALOGUE_INVALID_RECORD', `${action} needs the validation of the dataset's records: validate them first.`, { action });
    }
    assertPublishable(validation);
  }
  return transition.to;
}
