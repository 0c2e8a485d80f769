/**
 * Governed access, as data and pure functions (no I/O): the Negotiator's request and per-resource state machines
 * with roles and guards, a data holder's onboarding and its review steps, the document checklists, the application
 * form as one JSON Schema, the inactivity timers, and the access permits a node signs.
 *
 * @example
 * validateApplication(SAMPLE_APPLICATION, { complete: true });           // []
 * const state = fire(REQUEST_MACHINE, 'SUBMITTED', 'APPROVE', 'committee'); // 'IN_PROGRESS'
 * allowedEvents(RESOURCE_MACHINE, 'SUBMITTED', 'committee', { requestState: state }); // ['CONTACT', 'MARK_AS_UNREACHABLE']
 */
export { MACHINE_ROLES, allowedEvents, fire, machineTable, needsReason, terminalStates } from './machine.ts';
export type { GuardContext, Machine, MachineRole, Transition } from './machine.ts';
export { REQUEST_EVENTS, REQUEST_MACHINE, REQUEST_STATES, TERMINAL_REQUEST_STATES } from './request-machine.ts';
export type { RequestEvent, RequestState } from './request-machine.ts';
export { RESOURCE_EVENTS, RESOURCE_MACHINE, RESOURCE_OVERRIDE_EVENT, RESOURCE_STATES, TERMINAL_RESOURCE_STATES, forceResourceState } from './resource-machine.ts';
export type { ResourceEvent, ResourceState } from './resource-machine.ts';
export { ONBOARDING_EVENTS, ONBOARDING_MACHINE, ONBOARDING_STATUSES } from './onboarding-machine.ts';
export type { OnboardingEvent, OnboardingStatus } from './onboarding-machine.ts';
export { DEFAULT_REVIEW_STEPS, nextReviewStep, parseReviewSteps } from './review-steps.ts';
export type { ReviewDecision, ReviewStep, StepDecision } from './review-steps.ts';
export { DOCUMENT_MEDIA_TYPES, MAX_DOCUMENT_BYTES, ONBOARDING_DOCUMENTS, ONBOARDING_PATHS, REQUEST_DOCUMENTS, checkDocumentSize, checklistFor, documentMediaType, documentState, missingAgreementMessage, missingForPublication, validityEnd } from './documents.ts';
export type { DocumentKind, DocumentState, FiledDocument, OnboardingPath } from './documents.ts';
export { APPLICATION_FORM_SCHEMA, FORM_SECTIONS, maxWordsPattern } from './application-schema.ts';
export type { FormSectionId } from './application-schema.ts';
export { fieldLabel, validateApplication } from './application-form.ts';
export type { FormProblem } from './application-form.ts';
export { SAMPLE_APPLICATION } from './sample-application.ts';
export { DEFAULT_INACTIVITY, INACTIVITY_CLOSE_EVENT, inactivityActions, timerMessage } from './inactivity.ts';
export type { InactivityPolicy, TimedRequest, TimerAction } from './inactivity.ts';
export { PERMIT_ACTIONS, PERMIT_TYP, peekPermitId, permitCovers, readPermit, signPermit, storedPermitClaims } from './permit.ts';
export type { PermitAction, PermitClaims } from './permit.ts';
