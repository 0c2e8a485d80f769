import { oncoError } from '@oncoatlas/core';
import { Deidentifier } from './deidentify.ts';
import { EUCAIM_OPTIONS, eucaimConfig } from './eucaim-profile.ts';
import { parseDatePolicy, parseOptionNames, type DatePolicy } from './options.ts';
import { DEFAULT_SAFE_PRIVATE, SafePrivateList, type SafePrivateEntry } from './safe-private.ts';

export type ProfileName = 'basic' | 'eucaim';

/** Plain data (structured-clone safe) from which every worker builds the same de-identifier. */
export interface DeidSettings {
  readonly profile: ProfileName;
  readonly options: readonly string[];
  readonly datePolicy?: DatePolicy;
  readonly secret: Uint8Array;
  readonly siteId?: string;
  readonly allowBurnedIn: boolean;
  readonly recordMappings: boolean;
  readonly safePrivate?: readonly SafePrivateEntry[];
}

export function createDeidentifier(s: DeidSettings): Deidentifier {
  if (s.profile !== 'basic' && s.profile !== 'eucaim') {
    throw oncoError('USAGE', `Unknown profile '${String(s.profile)}'. Use basic or eucaim.`);
  }
  const options = parseOptionNames(s.options);
  const eucaim = s.profile === 'eucaim';
  if (eucaim) {
    if (s.datePolicy && s.datePolicy !== 'year-month') throw oncoError('USAGE', 'The EUCAIM profile keeps year and month of dates (day 01); it takes no other date policy.');
    for (const o of EUCAIM_OPTIONS) options.add(o);
  }
  let datePolicy = eucaim ? 'year-month' : s.datePolicy ?? 'remove';
  if (datePolicy !== 'remove') options.add('rtnLongModifDatesOpt');
  if (options.has('rtnLongModifDatesOpt') && datePolicy === 'remove') datePolicy = 'shift';
  if (options.has('rtnLongFullDatesOpt') && s.datePolicy && s.datePolicy !== 'remove') {
    throw oncoError('USAGE', 'retain-full-dates keeps dates as they are; it cannot be combined with a date policy.');
  }
  return new Deidentifier({
    options,
    datePolicy: parseDatePolicy(datePolicy),
    secret: s.secret,
    allowBurnedIn: s.allowBurnedIn,
    recordMappings: s.recordMappings,
    safePrivate: new SafePrivateList(s.safePrivate ?? DEFAULT_SAFE_PRIVATE),
    ...(eucaim ? eucaimConfig(s.secret, s.siteId) : {}),
  });
}
