/**
 * The de-identification flags `deid` and `populate` share, and how they become settings: one definition, so
 * the two commands cannot drift apart in what a profile option or a date policy means.
 */
import { Option, type Command } from 'commander';
import { CLEAN_PIXEL_DATA_OPTION, DATE_POLICIES, OPTIONS, parseDatePolicy, type DeidSettings, type ProfileName } from '@oncoatlas/deid';
import { readSiteSecret } from './secret.ts';

export interface DeidFlagValues {
  secretFile: string;
  profile: ProfileName;
  option: string[];
  dates?: string;
  siteId?: string;
  allowBurnedIn?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `secretRequired: false` for a command that de-identifies only when asked to (serve without --source). */
export function addDeidFlags(c: Command, how: { secretRequired?: boolean } = {}): Command {
  const secret = '--secret-file <file>';
  const about = 'site secret that keys every pseudonym (oncoatlas secret new FILE)';
  return (how.secretRequired === false ? c.option(secret, about) : c.requiredOption(secret, about))
    .addOption(new Option('--profile <name>', 'de-identification profile').choices(['basic', 'eucaim']).default('basic'))
    .option('--option <name>', `profile option, repeatable: ${OPTIONS.map((o) => o.cliName).join(', ')}, ${CLEAN_PIXEL_DATA_OPTION.cliName} (redacts burned-in text by OCR; needs tesseract)`, collect, [])
    .addOption(new Option('--dates <policy>', 'date policy').choices([...DATE_POLICIES]))
    .option('--site-id <id>', 'provider/site identifier (EUCAIM profile: hashed into InstitutionName)')
    .option('--allow-burned-in', 'release images that may carry burned-in text instead of holding them for review');
}

export function deidSettingsFrom(f: DeidFlagValues, recordMappings = false): DeidSettings {
  const secret = readSiteSecret(f.secretFile);
  for (const w of secret.warnings) process.stderr.write(`warning: ${w}\n`);
  return {
    profile: f.profile,
    options: f.option,
    datePolicy: f.dates ? parseDatePolicy(f.dates) : undefined,
    secret: secret.bytes,
    siteId: f.siteId,
    allowBurnedIn: f.allowBurnedIn ?? false,
    recordMappings,
  };
}
