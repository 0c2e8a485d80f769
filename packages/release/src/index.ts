/**
 * @oncoatlas/release: dataset versions of what a node has integrated. A version is immutable (its manifest
 * lists every file with its SHA-256), has its re-identification risk assessed per patient with the least
 * generalisation reaching the policy's k applied, is released only within the policy or under a recorded
 * steward override, and comes with a compliance dossier (HTML and PDF). Every step is audited
 * (CREATE_DATASET, UPDATE_DATASET, RISK_OVERRIDDEN).
 *
 * @example
 * const created = await createDatasetVersion({ ledger, dataDir, id: 'lung-ct', title: 'Lung CT', by: 'steward', now });
 * if (!created.summary.risk.decision.allowed) console.log(created.summary.risk.decision.suggestion);
 * const released = await releaseDatasetVersion({ ledger, dataDir, id: 'lung-ct', by: 'steward', now });
 * released.dossier.pdf; // <data-dir>/datasets/lung-ct/v1/dossier.pdf
 */
export { assessDatasetRisk, DEFAULT_MAX_SUPPRESSION, DEFAULT_QUASI_IDENTIFIERS, keptAsIs, releaseHierarchies, riskRecords, SENSITIVE_ATTRIBUTE } from './risk/release-risk.ts';
export type { StudyFacts, RiskAssessment, RiskAssessmentOptions, RiskPolicy } from './risk/release-risk.ts';
export { createDatasetVersion, DATASET_ID_PATTERN, filesCarryCharacteristics, versionDir } from './version/create-version.ts';
export type { CreatedVersion, CreateVersionOptions } from './version/create-version.ts';
export { checkVersionFiles, latestReleasedVersion, latestVersion, releaseDatasetVersion, writeDossier } from './version/release-version.ts';
export type { DossierFiles, ReleasedVersion, ReleaseOptions } from './version/release-version.ts';
export type { RiskSummaryJson, VersionSummary } from './version/version-summary.ts';
export type { Manifest, ManifestFile } from './version/version-files.ts';
export { gatherFacts } from './version/study-facts.ts';
export { buildDossierData } from './dossier/build-dossier-data.ts';
export type { DossierData } from './dossier/dossier-data.ts';
export { renderDossierHtml } from './dossier/render-dossier-html.ts';
export { chromiumAvailable, renderPdf } from './dossier/render-pdf.ts';
export { datasetFactsOf, generatedFactsOf, latestReleaseFacts } from './catalogue/dataset-facts-of.ts';
export { catalogueState, changeCatalogueState, listedDatasetFacts, publishedDatasetFacts, publishedFactsOf } from './catalogue/catalogue-lifecycle.ts';
export type { CatalogueChange } from './catalogue/catalogue-lifecycle.ts';
