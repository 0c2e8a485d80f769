/**
 * Builds the query in Lens's search bars, as a researcher does: (lung cancer AND CT) in the first bar,
 * "+" for a second bar, OR breast cancer, each value picked from Lens's autocomplete; then runs the search.
 */
import type { Page } from 'playwright-core';

export async function searchLungCtOrBreast(page: Page): Promise<void> {
  const bars = page.locator('lens-search-bar-multiple');
  const pick = async (bar: number, text: string, option: string) => {
    await bars.locator('input').nth(bar).fill(text);
    await bars.getByText(option).first().click();
  };
  await pick(0, 'lung', 'Malignant neoplasm of bronchus and lung');
  await pick(0, 'Computed', 'Computed tomography');
  await bars.getByRole('button', { name: '+' }).click();
  await pick(1, 'breast', 'Malignant neoplasm of breast');
  await page.locator('lens-search-button').locator('button').click();
}
