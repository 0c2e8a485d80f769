/**
 * The patient, study, series and equipment attributes every instance of a synthetic study shares, with the
 * identifiers where hospitals leave them: request sequences, physicians, station names, and (for studies
 * planned with those defects) the patient's name typed into descriptions and into vendor private elements.
 */
import { attr, raw, type Attr } from './dataset-builder.ts';
import type { PatientPlan, SeriesPlan, StudyPlan } from './cohort.ts';
import { INSTITUTION, INSTITUTION_ADDRESS, PHYSICIANS, STREETS, TOWNS } from './names.ts';
import type { Random } from './random.ts';

export function dicomName(p: PatientPlan): string {
  const [first, second] = p.family.split(' ');
  return `${first}^${p.given}^^^${second ?? ''}`.replace(/\^+$/, '');
}

/** How a clerk types a name into a free-text field. */
export function typedName(p: PatientPlan): string {
  return `${p.family.toUpperCase()}, ${p.given.toUpperCase()}`;
}

export function ageAt(birth: string, on: string): string {
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  if (on.slice(4) < birth.slice(4)) years--;
  return `${String(Math.max(0, years)).padStart(3, '0')}Y`;
}

/** Which demographic a planted conflict is on: alternated by patient so both kinds are exercised. */
export function conflictOn(p: PatientPlan): 'sex' | 'birth_date' | null {
  if (!p.demographicsConflict) return null;
  return p.index % 2 === 0 ? 'sex' : 'birth_date';
}

/** The sex and birth date the modality was given: for a planted conflict, not what the clinical record says. */
export function dicomDemographics(p: PatientPlan): { sex: 'M' | 'F'; birthDate: string } {
  const on = conflictOn(p);
  if (on === null) return { sex: p.sex, birthDate: p.birthDate };
  if (on === 'sex') return { sex: p.sex === 'M' ? 'F' : 'M', birthDate: p.birthDate };
  return { sex: p.sex, birthDate: `${Number(p.birthDate.slice(0, 4)) - 7}${p.birthDate.slice(4)}` };
}

export function patientStudyAttrs(s: StudyPlan, r: Random): Attr[] {
  const p = s.patient;
  const d = dicomDemographics(p);
  const name = s.defects.includes('name_in_description');
  const out: Attr[] = [
    attr('PatientName', dicomName(p)),
    attr('PatientID', p.id),
    attr('IssuerOfPatientID', 'HUSLF'),
    attr('PatientBirthDate', d.birthDate),
    attr('PatientSex', d.sex),
    attr('PatientAge', ageAt(d.birthDate, s.date)),
    attr('PatientWeight', String(Math.round(r.around(72, 30, 40, 120)))),
    attr('OtherPatientIDs', `CIP${p.id.slice(2)}X`),
    attr('PatientAddress', `${STREETS[p.index % STREETS.length]} ${1 + (p.index % 90)}, ${TOWNS[p.index % TOWNS.length]}`),
    attr('StudyInstanceUID', s.uid),
    attr('StudyDate', s.date),
    attr('StudyTime', s.time),
    attr('AccessionNumber', s.accession),
    attr('StudyID', s.accession.slice(-6)),
    attr('ReferringPhysicianName', PHYSICIANS[s.index % PHYSICIANS.length]!.replace(/^Dra?\. /, '').concat('^')),
    attr('StudyDescription', name ? `${s.description} - ${typedName(p)}` : s.description),
    attr('InstitutionName', INSTITUTION),
    attr('InstitutionAddress', INSTITUTION_ADDRESS),
    attr('RequestAttributesSequence', [[
      attr('RequestedProcedureID', `RP${s.accession.slice(1)}`),
      attr('ScheduledProcedureStepID', `SPS${s.accession.slice(1)}`),
      attr('AccessionNumber', s.accession),
      attr('RequestedProcedureDescription', s.description),
    ]]),
  ];
  if (s.charset !== 'undeclared') out.push(attr('SpecificCharacterSet', s.charset));
  return out;
}

export function seriesAttrs(s: StudyPlan, se: SeriesPlan, model: string): Attr[] {
  const name = s.defects.includes('name_in_description') && se.number === 1;
  return [
    attr('Modality', se.modality === 'SC' ? 'OT' : se.modality),
    attr('SeriesInstanceUID', se.uid),
    attr('SeriesNumber', se.number),
    attr('SeriesDescription', name ? `${se.description} ${s.patient.given.toUpperCase()}` : se.description),
    attr('BodyPartExamined', se.bodyPart),
    attr('SeriesDate', s.date),
    attr('SeriesTime', s.time),
    attr('OperatorsName', `Tec${s.index % 17}^Rad`),
    attr('Manufacturer', s.vendor.manufacturer),
    attr('ManufacturerModelName', model),
    attr('StationName', `${s.vendor.manufacturer.slice(0, 3).toUpperCase()}${se.modality}${(s.index % 3) + 1}`),
    attr('DeviceSerialNumber', String(40000 + (s.index % 7) * 113)),
    attr('SoftwareVersions', 'VB20A'),
  ];
}

/** The vendor's private block; with the name_in_private_tag defect it carries the patient's name. */
export function privateAttrs(s: StudyPlan): Attr[] {
  const g = s.vendor.privateGroup << 16;
  const out: Attr[] = [
    raw(g | 0x0010, 'LO', s.vendor.privateCreator),
    raw(g | 0x1008, 'CS', 'IMAGE NUM 4'),
    raw(g | 0x1009, 'LO', 'SYNTH_PROTOCOL_7'),
  ];
  if (s.defects.includes('name_in_private_tag')) out.push(raw(g | 0x1020, 'LO', typedName(s.patient)));
  return out;
}

export function sopCommon(s: StudyPlan, sopClass: string, sopUid: string, instanceNumber: number): Attr[] {
  return [
    attr('SOPClassUID', sopClass),
    attr('SOPInstanceUID', sopUid),
    attr('InstanceNumber', instanceNumber),
    attr('ContentDate', s.date),
    attr('ContentTime', s.time),
    attr('InstanceCreationDate', s.date),
  ];
}
