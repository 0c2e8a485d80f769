/**
 * @oncoatlas/hub: the atlas's hub (node registry, short-lived node credentials, signed tasks, a broker with
 * deadlines, researchers' privacy budgets, its own audit log and database) and the node's outbound-only agent.
 * It carries task payloads and results as opaque JSON: what a task asks is the handler's business.
 *
 * @example
 * // at the hub
 * const hub = await Hub.open({ dataDir: '/var/lib/oncoatlas-hub' });
 * const q = await hub.broker.dispatch({ type: 'count', payload: { ast }, deadlineMs: 10_000, requester: 'alice @ https://login.example' });
 * for await (const reply of q.replies()) console.log(reply.node, reply.status);
 * const { status, missing } = await q.outcome();
 * // at a node
 * await joinHub({ hubUrl: 'https://hub.example', dataDir, name: 'Hospital A' });
 * await runAgent({ dataDir, handler: async (task) => answer(task.payload), signal, log: (e) => console.log(e) });
 */
export { Hub, HUB_KEY_FILE } from './hub.ts';
export type { HubIdentity, HubOptions, NodeSummary } from './hub.ts';
export { Broker, DEFAULT_DEADLINE_MS, MAX_DEADLINE_MS, TASK_LEASE_MS } from './broker.ts';
export type { DispatchedQuery, DispatchRequest } from './broker.ts';
export { queryState } from './query-state.ts';
export type { NodeReply, QueryState, QueryStatus } from './query-state.ts';
export { assertAffordable, budgetState, DEFAULT_BUDGET, epsilonOf } from './privacy-budget.ts';
export type { BudgetPolicy, BudgetSpend, BudgetState } from './privacy-budget.ts';
export { signTask, verifyTask } from './task-signing.ts';
export type { Task } from './task-signing.ts';
export { ACCESS_TOKEN_SECONDS, checkAssertion, hubIdOf, issueAccessToken, MAX_ASSERTION_SECONDS, nodeIdOf, signAssertion, verifyAccessToken } from './credentials.ts';
export { loadOrCreateSigningKey } from './signing-key.ts';
export type { SigningKey } from './signing-key.ts';
export type { HubAuditEvent } from './hub-audit.ts';
export { HUB_SQLITE_FILE } from './hub-store.ts';
export type { NodeStatus } from './hub-schema.ts';
export { joinHub, MEMBERSHIP_FILE, NODE_KEY_FILE, nodeKey, readMembership } from './agent/node-membership.ts';
export type { Membership } from './agent/node-membership.ts';
export { runAgent } from './agent/run-agent.ts';
export type { AgentLogEntry, AgentOptions, AgentState, TaskHandler } from './agent/run-agent.ts';
export { brokerTransport, DEFAULT_HARVEST_DEADLINE_MS, HARVEST_REQUESTER, HubCatalogue } from './catalogue/hub-catalogue.ts';
export type { HarvestTransport, HubCatalogueOptions, NodeHarvest } from './catalogue/hub-catalogue.ts';
export { HARVEST_TASK_TYPE, readHarvestAnswer, readHarvestPayload } from './catalogue/harvest-answer.ts';
export type { HarvestAnswer, HarvestPayload } from './catalogue/harvest-answer.ts';
export type { CatalogueSearch, HubCatalogueCard } from './catalogue/catalogue-search.ts';
export type { HubCatalogueDescription } from './catalogue/hub-catalogue-records.ts';
export { DEFAULT_HARVEST_INTERVAL_MS, runPeriodicHarvest } from './catalogue/periodic-harvest.ts';
export type { PeriodicHarvestOptions } from './catalogue/periodic-harvest.ts';
export { AccessService } from './access/access-service.ts';
export type { AccessOptions, Checklists } from './access/access-service.ts';
export type { AccessCaller } from './access/access-caller.ts';
export type { AccessConditions, HistoryEntry, HubDocument, MessageView, NotificationView, Onboarding, OnboardingView, PermitRow, RequestSummary, RequestView, ResourceView } from './access/access-views.ts';
export { MAX_MAIL_ATTEMPTS } from './access/mailer.ts';
export type { MailSettings } from './access/mailer.ts';
export { MAX_MESSAGE_CHARS } from './access/messages.ts';
export { ONBOARDING_TASK_TYPE } from './access/onboarding-service.ts';
export type { NewOnboarding, Upload } from './access/onboarding-service.ts';
export { ISSUE_DEADLINE_MS, PERMIT_ISSUE_TASK, PERMIT_REVOKE_TASK, PERMIT_STATUS_TASK, STATUS_DEADLINE_MS } from './access/permits.ts';
export type { PermitIssue, PermitStatus } from './access/permits.ts';
export type { NewRequest } from './access/request-service.ts';
export type { ResourceStep } from './access/resource-service.ts';
export { DEFAULT_TIMER_INTERVAL_MS, TIMER_ACTOR } from './access/access-timers.ts';
export type { TimerTick } from './access/access-timers.ts';
export { FederatedJobs, MAX_JOB_ARGS, MAX_JOB_PERMITS } from './jobs/federated-jobs.ts';
export type { FederatedJobsOptions, NewFederatedJob } from './jobs/federated-jobs.ts';
export { combineResults, contentTypeOf } from './jobs/job-combine.ts';
export type { CombinedFile, NodeFiles } from './jobs/job-combine.ts';
export { DEFAULT_JOB_POLL_MS, refusalReason } from './jobs/job-poller.ts';
export type { TargetState } from './jobs/job-schema.ts';
export {
  isOutputPath, JOB_RESULT_MAX_BASE64, JOB_RESULT_TASK, JOB_STATUS_TASK, JOB_SUBMIT_TASK, JOB_TASK_TYPES, readJobRef, readJobSubmitPayload,
} from './jobs/job-tasks.ts';
export type { JobOutputSummary, JobResultFile, JobResultReply, JobStatusReply, JobSubmitPayload, JobSubmitReply } from './jobs/job-tasks.ts';
export type { HubJobSummary, HubJobView, JobTargetView } from './jobs/job-views.ts';
