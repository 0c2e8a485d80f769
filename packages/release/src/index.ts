/**
 * @oncoatlas/release: dataset versions of what a node has integrated. A version is immutable (its manifest
 * lists every file with its SHA-256), has its re-identification risk assessed per patient with the least
 * generalisation reaching the policy's k applied, is released only within the policy or under a recorded
 * steward override, and comes with a compliance dossier (HTML and PDF). Every step is audited
 * (CREATE_DATASET, UPDATE_DATASET, RISK_OVERRIDDEN).
 *
 * @example
 * const created = await createDatasetVersion({ ledger, dataDir, id: 'lung-ct', title: 'Lung CT', by: 'steward', now, selection: { modalities: ['CT'], conditions: ['C34'] } });
 * if (!created.summary.risk.decision.allowed) console.log(created.summary.risk.decision.suggestion);
 * const released = await releaseDatasetVersion({ ledger, dataDir, id: 'lung-ct', by: 'steward', now });
 * released.dossier.pdf; // <data-dir>/datasets/lung-ct/v1/dossier.pdf
 */
export { DEFAULT_RELEASE_POLICY } from './risk/release-assessment.ts';
export type { ReleaseDatePolicy, ReleaseDecision, ReleasePolicy } from './risk/release-assessment.ts';
export { releaseQuasiIdentifiers, SENSITIVE_ATTRIBUTE } from './profile/quasi-identifiers.ts';
export { DEFAULT_RELEASE_PROFILE, parseReleaseProfile } from './profile/release-profile.ts';
export type { ReleaseProfile, StewardDeclaration } from './profile/release-profile.ts';
export { checkSelection } from './inputs/cohort-selection.ts';
export type { CohortSelection } from './inputs/cohort-selection.ts';
export type { CohortSource } from './attack/identified-source.ts';
export { ATTACK_MODELS } from './attack/attacker-models.ts';
export type { AttackOutcome } from './attack/attacker-models.ts';
export { createDatasetVersion, DATASET_ID_PATTERN, versionDir } from './version/create-version.ts';
export type { CreatedVersion, CreateVersionOptions } from './version/create-version.ts';
export { checkVersionFiles, latestReleasedVersion, latestVersion, releaseDatasetVersion, writeDossier } from './version/release-version.ts';
export type { DossierFiles, ReleasedVersion, ReleaseOptions } from './version/release-version.ts';
export type { RiskSummaryJson, VersionSummary } from './version/version-summary.ts';
export type { Manifest, ManifestFile } from './version/version-files.ts';
export { buildDossierData } from './dossier/build-dossier-data.ts';
export type { DossierData } from './dossier/dossier-data.ts';
export { renderDossierHtml } from './dossier/render-dossier-html.ts';
export { chromiumAvailable, renderPdf } from './dossier/render-pdf.ts';
export { datasetFactsOf, generatedFactsOf, latestReleaseFacts } from './catalogue/dataset-facts-of.ts';
export type { FactsOptions } from './catalogue/dataset-facts-of.ts';
export { conditionName, primaryConditionName } from './catalogue/condition-name.ts';
export { catalogueState, changeCatalogueState, listedDatasetFacts, listedFactsByUuid, listedFactsOf, publishedDatasetFacts, publishedFactsOf } from './catalogue/catalogue-lifecycle.ts';
export type { CatalogueChange, CatalogueChanged, ListedDataset } from './catalogue/catalogue-lifecycle.ts';
export { DATASET_IRI_PATH, NIL_UUID, datasetIri, identityOf, publicBaseOf } from './catalogue/dataset-identity.ts';
export type { DatasetIdentity, PublicUrlSources } from './catalogue/dataset-identity.ts';
export { agreementKind, agreementStatus, AGREEMENTS_DIR, assertAgreementsOnFile, fileAgreement, HUB_ONBOARDING_SETTING, isoDate, ONBOARDING_PATH_SETTING, onboardingPath, setOnboardingPath } from './access/node-agreements.ts';
export type { Agreement, AgreementStatus, FileAgreement } from './access/node-agreements.ts';
export { applyHubOnboarding } from './access/hub-onboarding.ts';
export type { HubOnboardingStatement } from './access/hub-onboarding.ts';
export { versionIndex } from './version/version-index.ts';
export type { IndexedInstance, IndexedSeries, IndexedStudy, VersionIndex } from './version/version-index.ts';
