// The Workflows screen shows one panel of the selected piece at a time and folds the library's add/drop
// sections: tests open what they are about to use, as a person would.
import type { Page } from 'playwright-core';

export type WorkflowsTab = 'timeline' | 'scripts' | 'transcript' | 'media' | 'personas';

export async function openTab(page: Page, tab: WorkflowsTab): Promise<void> {
  await page.getByTestId(`wf-tab-${tab}`).click();
}

/** Unfolds a library section ('add' = add a piece by hand, 'drops' = audio and photos) if it is folded. */
export async function unfold(page: Page, section: 'add' | 'drops'): Promise<void> {
  const details = page.getByTestId(`wf-${section}`);
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await page.getByTestId(`wf-${section}-toggle`).click();
}
