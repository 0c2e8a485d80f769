import { oncoError } from '@oncoatlas/core';
import { Deidentifier } from './deidentify.ts';
import { EUCAIM_OPTIONS, eucaimConfig } from './eucaim-profile.ts';
import { parseDatePolicy, parseOptionNames, type DatePolicy, type ProfileOption } from './options.ts';
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

/**
 * The options and date policy a run applies, from its settings alone (no secret needed): the options named,
 * those the profile implies, and the date policy they make. A dossier or a release states them from the
 * settings a run recorded; the de-identifier is built from the same answer.
 */
export function resolveDeidOptions(s: Pick<DeidSettings, 'profile' | 'options'> & { readonly datePolicy?: DatePolicy | null }): { options: Set<ProfileOption>; datePolicy: DatePolicy } {
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
  return { options, datePolicy: parseDatePolicy(datePolicy) };
}

export function createDeidentifier(s: DeidSettings): Deidentifier {
  const { options, datePolicy } = resolveDeidOptions(s);
  return new Deidentifier({
    options,
    datePolicy,
    secret: s.secret,
    allowBurnedIn: s.allowBurnedIn,
    recordMappings: s.recordMappings,
    safePrivate: new SafePrivateList(s.safePrivate ?? DEFAULT_SAFE_PRIVATE),
    ...(s.profile === 'eucaim' ? eucaimConfig(s.secret, s.siteId) : {}),
  });
}
