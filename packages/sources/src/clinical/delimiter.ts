/*
 * Delimiter sniffing. Spanish and Catalan Excel writes `;` because `,` is the decimal separator there, so a
 * `;` file is full of commas (`70,5`), and free-text columns hold every punctuation mark. A candidate wins by
 * splitting the first records into the same number of fields (more than one), counted with quotes respected
 * so a quoted "Carcinoma, ductal" or a quoted line break does not count as a split.
 */

const CANDIDATES = [',', ';', '\t', '|'] as const;
const SAMPLE_RECORDS = 20;
const SAMPLE_CHARS = 65536;

export function detectDelimiter(text: string): string {
  const truncated = text.length > SAMPLE_CHARS;
  const sample = truncated ? text.slice(0, SAMPLE_CHARS) : text;
  let best: string = CANDIDATES[0];
  let bestScore = 0;
  let bestWidth = 0;
  for (const delimiter of CANDIDATES) {
    const counts = fieldCounts(sample, delimiter, truncated);
    const width = mostCommon(counts);
    if (width < 2) continue;
    const score = counts.filter((c) => c === width).length / counts.length;
    // Ties go to the wider split, then to candidate order (comma first, as RFC 4180 says).
    if (score > bestScore || (score === bestScore && width > bestWidth)) {
      best = delimiter;
      bestScore = score;
      bestWidth = width;
    }
  }
  return best;
}

/**
 * Field counts of the first records, read with RFC 4180 quoting as csv-parse reads it: a quote opens a quoted
 * field only at the start of a field, and `""` inside one is a literal quote. Blank lines are skipped, as
 * the parser skips them.
 */
function fieldCounts(text: string, delimiter: string, truncated: boolean): number[] {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let fieldStart = true;
  let content = false;
  for (let i = 0; i < text.length && counts.length < SAMPLE_RECORDS; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (content) counts.push(fields);
      fields = 1;
      fieldStart = true;
      content = false;
      continue;
    }
    content = true;
    if (ch === delimiter) {
      fields++;
      fieldStart = true;
    } else if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else {
      fieldStart = false;
    }
  }
  // A record cut by the sample limit would count short.
  if (content && !truncated && counts.length < SAMPLE_RECORDS) counts.push(fields);
  return counts;
}

function mostCommon(counts: readonly number[]): number {
  const tally = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const c of counts) {
    const n = (tally.get(c) ?? 0) + 1;
    tally.set(c, n);
    if (n > bestCount || (n === bestCount && c > best)) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
