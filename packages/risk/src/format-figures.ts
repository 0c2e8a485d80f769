/** Figures as a steward reads them in a refusal or a suggestion: "0.2 %", "0.3333". */

export function formatPercent(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return '< 0.1 %';
  return `${Number(percent.toFixed(1))} %`;
}

export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** "a", "a and b", "a, b and c". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
