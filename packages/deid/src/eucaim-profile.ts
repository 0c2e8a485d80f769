import { oncoError } from '@oncoatlas/core';
import { asciiValue, type Element, type NewElement } from '@oncoatlas/dicom';
import type { AttributeOverride } from './basic-editor.ts';
import { transformDateValues } from './dates.ts';
import type { DeidConfig } from './deidentify.ts';
import { ascii } from './dummy-values.ts';
import { eucaimHash, eucaimSiteIdHash, EucaimScheme } from './eucaim.ts';
import type { ProfileOption } from './options.ts';
import { Pseudonymizer } from './pseudonyms.ts';

/**
 * `--profile eucaim`: the basic profile engine with the EUCAIM CTP v5 choices, so that pseudonyms, UIDs,
 * dates and the site hash equal those of data already in the atlas:
 * - Patient ID `EUCAIM-` + MD5 decimal of '[secret]id', Patient's Name the same + '^Anonymous';
 * - every instance UID hashed under 1.3.6.1.4.1.58108.2023 with the pseudonymised Patient ID;
 * - dates keep year and month with day 01 (birth date too), times are kept;
 * - Accession Number and Acquisition UID become 16-digit hashes;
 * - Institution Name and private (0013,1013) Site ID become SHA-256 of the site id;
 * - patient sex, age, size and weight, series and protocol descriptions are kept (descriptions cleaned).
 * Where CTP leaks or writes invalid data, we do not follow it (docs/eucaim-ctp-profile.md lists each case):
 * UIDs inside sequences are hashed too, so references resolve; dates CTP keeps whole are reduced to
 * year-month; the (0013,1013) element gets its private creator.
 */
export const EUCAIM_OPTIONS: readonly ProfileOption[] = ['rtnPatCharsOpt', 'cleanDescOpt', 'rtnLongModifDatesOpt'];
export const EUCAIM_METHOD = 'EUCAIM Deidentification v5 (CTP-compatible pseudonyms)';

const ACCESSION_NUMBER = 0x00080050;
const ACQUISITION_UID = 0x00080017;
const INSTITUTION_NAME = 0x00080080;
const PATIENT_BIRTH_DATE = 0x00100030;

const hashed16: AttributeOverride = (el, buf) => {
  const v = asciiValue(buf, el);
  return v === '' ? undefined : ascii(eucaimHash(v, 16));
};

const yearMonth: AttributeOverride = (el: Element, buf: Uint8Array) => {
  const out = transformDateValues(asciiValue(buf, el), 'DA', 'year-month', 0);
  return out === undefined ? undefined : ascii(out);
};

export function eucaimConfig(secret: Uint8Array, siteId: string | undefined): Pick<DeidConfig, 'scheme' | 'overrides' | 'additions' | 'methods'> {
  if (!siteId || siteId.trim() === '') {
    throw oncoError('USAGE', 'The EUCAIM profile needs --site-id (your provider id): its SHA-256 goes into InstitutionName and (0013,1013).');
  }
  const site = ascii(eucaimSiteIdHash(siteId.trim()));
  const text = Buffer.from(secret).toString('utf8');
  const additions: NewElement[] = [
    // CTP's own private group: creator 'CTP', Site ID at (0013,1013).
    { tag: 0x00130010, vr: 'LO', value: ascii('CTP') },
    { tag: 0x00131013, vr: 'LO', value: site },
  ];
  return {
    scheme: new EucaimScheme(text, new Pseudonymizer(secret)),
    overrides: new Map<number, AttributeOverride>([
      [ACCESSION_NUMBER, hashed16],
      [ACQUISITION_UID, hashed16],
      [INSTITUTION_NAME, () => site],
      [PATIENT_BIRTH_DATE, yearMonth],
    ]),
    additions,
    methods: [EUCAIM_METHOD],
  };
}
