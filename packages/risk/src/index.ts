/**
 * @oncoatlas/risk: re-identification risk of a table before release, as EUCAIM asks data holders to
 * assess with ARX: equivalence classes over quasi-identifiers, k-anonymity, l-diversity, prosecutor /
 * journalist / marketer risk, generalisation hierarchies, the least generalisation reaching k, and the
 * release gate. Pure functions: no I/O, and reports hold counts, never record values.
 *
 * @example
 * const options = { quasiIdentifiers: ['age', 'sex', 'diagnosis_date'], sensitive: 'diagnosis' };
 * const report = measureRisk(rows, options);
 * const decision = assessRelease(report, { minK: 5 });
 * if (!decision.allowed) {
 *   const hierarchies = { age: ageHierarchy(), sex: tableHierarchy([['F'], ['M']]), diagnosis_date: dateHierarchy() };
 *   const plan = leastGeneralisation(rows, { ...options, hierarchies, k: 5, maxSuppression: 0.01 });
 *   // plan.suggestion: "generalise age to 10-year bands and diagnosis_date to year; suppress 3 records (0.2 %)"
 *   const released = applyGeneralisation(rows, { ...options, hierarchies, levels: plan.levels, k: 5 });
 * }
 */
export { SUPPRESSED, canonicalValue } from './table/records.ts';
export type { CellValue, Population, PopulationClass, RiskRecord } from './table/records.ts';
export { equivalenceClasses } from './table/equivalence-classes.ts';
export type { EquivalenceClasses, GeneralisationLevels, Hierarchies, Levels } from './table/equivalence-classes.ts';
export { tableHierarchy } from './hierarchy/hierarchy.ts';
export type { Hierarchy, TableHierarchyOptions } from './hierarchy/hierarchy.ts';
export { ageHierarchy, ageInYears } from './hierarchy/age-hierarchy.ts';
export type { AgeHierarchyOptions } from './hierarchy/age-hierarchy.ts';
export { dateHierarchy, parseDate } from './hierarchy/date-hierarchy.ts';
export type { CalendarDate } from './hierarchy/date-hierarchy.ts';
export { OTHER, rareCategoryHierarchy } from './hierarchy/rare-category-hierarchy.ts';
export { DEFAULT_THRESHOLD, measureRisk } from './measures/measure-risk.ts';
export type { MeasureOptions } from './measures/measure-risk.ts';
export { NO_POPULATION } from './measures/risk-report.ts';
export type { ClassSizeBin, LDiversity, MarketerRisk, RiskReport, RiskSummary } from './measures/risk-report.ts';
export { leastGeneralisation } from './search/least-generalisation.ts';
export type { GeneralisationOptions, GeneralisationResult, LatticeNode } from './search/least-generalisation.ts';
export { applyGeneralisation } from './search/apply-generalisation.ts';
export type { ApplyOptions, GeneralisedTable } from './search/apply-generalisation.ts';
export { DEFAULT_POLICY, assessRelease } from './release/assess-release.ts';
export type { ReleaseDecision, ReleasePolicy } from './release/assess-release.ts';
export type { EventRecord, PatientRecord, QuasiIdentifier } from './patients/patient-record.ts';
export { failingPatients, measurePatients } from './patients/measure-patients.ts';
export type { PatientMeasureOptions, PatientPolicy } from './patients/measure-patients.ts';
export { minimalGeneralisation } from './patients/minimal-generalisation.ts';
export type { PatientGeneralisation, PatientGeneralisationOptions } from './patients/minimal-generalisation.ts';
export { binLabel, binRange, OFFSET_UNIT_DAYS, OFFSET_UNITS, offsetBin, offsetHierarchy, offsetLabel, offsetRange, parseOffsetLabel } from './hierarchy/offset-hierarchy.ts';
export type { OffsetUnit } from './hierarchy/offset-hierarchy.ts';
export { hourOf, timeHierarchy } from './hierarchy/time-hierarchy.ts';
export { bandHierarchy, derivedHierarchy, keepOrSuppress } from './hierarchy/derived-hierarchy.ts';
export type { DerivedLevel } from './hierarchy/derived-hierarchy.ts';
export { linkageAttack } from './attack/linkage-attack.ts';
export type { AttackResult, AttackTarget } from './attack/linkage-attack.ts';
export { PatientTable } from './patients/patient-record.ts';
