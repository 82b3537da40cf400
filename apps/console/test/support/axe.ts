import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

let source: string | undefined;

async function axeSource(): Promise<string> {
  source ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page as it is now. The page's
 * context must be opened with `bypassCSP: true`: the console's CSP (`script-src 'self'`) rightly
 * refuses the injected script otherwise.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: await axeSource() });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** The serious and critical violations, for an assertion; every violation is printed. */
export function seriousOf(page: string, violations: AxeViolation[]): AxeViolation[] {
  for (const v of violations) {
    const where = v.nodes
      .slice(0, 3)
      .map((n) => n.html.slice(0, 120))
      .join(' | ');
    console.log(`axe ${page}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} nodes) ${where}`);
  }
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
