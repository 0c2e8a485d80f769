/**
 * axe-core in a page: the WCAG 2.1 A and AA violations (labels, names, contrast, landmarks, keyboard traps) a
 * screen-reader or keyboard user would meet, as "page: rule (element)" lines. The page's context needs
 * `bypassCSP: true`, only so the test can add axe-core's script; the browser gets the server's CSP otherwise.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; any?: { data?: unknown }[] }[] }

export async function accessibilityProblems(page: Page, name: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${name}: ${v.id} (${v.impact}) ${v.help} at ${JSON.stringify(n.target)} ${JSON.stringify(n.any?.[0]?.data)}`));
}
