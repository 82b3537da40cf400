/**
 * The status a URL answers now, or undefined when nothing answers within two seconds: what a
 * test polls while a started service comes up (`/health/ready`).
 */
export async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return undefined;
  }
}
