import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RG } from '../support/fleet-fixtures';
import { startFleetStack, SUBSCRIPTION, type FleetStack } from '../support/fleet-stack';
import { aFleet } from './support/e2e-fleet';
import { launchChromium, openPage, screenshot } from './support/portal-browser';

const FLEET = 'web';
const SECONDS = { 'sim-control-plane-seconds': '4' };

describe('the portal in headless Chromium (devhost + simulator)', () => {
  let stack: FleetStack;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const at = (view: string) => `${stack.devhost.url}/portal/#/fleets/${SUBSCRIPTION}/${RG}/${FLEET}/${view}`;
  const member = (name: string) => page.locator(`[data-member="${name}"] [data-state]`).first();
  const group = (name: string) => page.locator(`[data-group="${name}"] summary [data-state]`).first();
  const runState = () => page.locator('#run-title [data-state]');

  beforeAll(async () => {
    browser = await launchChromium();
    stack = await startFleetStack({ simulatorSpeed: 1 });
    await aFleet(stack, FLEET, [
      { name: 'a1', group: 'ga', tags: SECONDS },
      // gb's members update one after the other: the run is stopped while b1 upgrades, before b2 begins.
      { name: 'b1', group: 'gb', tags: { 'sim-control-plane-seconds': '6' } },
      { name: 'b2', group: 'gb', tags: SECONDS },
      { name: 'c1', group: 'gc', tags: SECONDS, location: 'westeurope' },
    ]);
    const labelled = await fetch(
      `${stack.devhost.url}/subscriptions/${SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.ContainerService/fleets/${FLEET}/members/a1?api-version=2026-06-01`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { labels: { env: 'canary' } } }),
      },
    );
    expect(labelled.status).toBe(200);
    ({ page, problems } = await openPage(browser));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows each member with its group, labels, versions per pool, a chart, and who is behind a target', async () => {
    await page.goto(at('overview'));
    await expect.poll(() => page.locator('table.member-table tbody tr').count()).toBe(4);
    const a1 = page.locator('table.member-table tbody tr', { hasText: 'a1' });
    expect(await a1.innerText()).toMatch(/ga\s+env=canary\s+eastus\s+1\.31\.8\s+system 1\.31\.8/);
    expect(await page.locator('.chart').first().innerText()).toContain('1.31.8');
    await page.getByLabel('Target Kubernetes version').selectOption('1.31.8');
    expect(await page.locator('.target output').innerText()).toBe('0 of 4 members out of date');
    await page.getByLabel('Target Kubernetes version').selectOption('1.32.6'); // offered by AKS, not yet in use
    expect(await page.locator('.target output').innerText()).toBe('4 of 4 members out of date');
    expect(await a1.innerText()).toContain('Out of date: control plane; pools system');
    await screenshot(page, 'overview');
  });

  it('creates a staged run through the form, showing the API field errors next to their fields', async () => {
    await page.goto(at('create'));
    await page.getByLabel('Name', { exact: true }).fill('web-run');
    await page.getByLabel('Stages').check();
    await page.getByRole('button', { name: '+ Create stage' }).click();
    await page.getByRole('button', { name: '+ Create stage' }).click();
    const [first, second] = [page.locator('[data-stage-index="0"]'), page.locator('[data-stage-index="1"]')];
    await second.getByLabel('gb').check();
    await second.getByLabel('gc').check();
    await second.getByLabel('Require an approval before the stage').check();
    await first.getByLabel('ga').check();
    await first.getByLabel('Wait after the stage (seconds)').fill('-5');
    // The stage order is the doc's Move up / Move down: build it upside down, then fix it.
    await second.getByRole('button', { name: 'Move up' }).click();
    await page.locator('[data-stage-index="0"]').getByLabel('Stage name').fill('canary');
    await page.locator('[data-stage-index="1"]').getByLabel('Stage name').fill('Bad_Name');
    await page.getByLabel('Kubernetes version for only the control plane of the cluster').check();
    await page.getByRole('combobox', { name: /^Kubernetes version/ }).selectOption('1.32.6');
    await page.getByLabel('Save these stages as an update strategy').check();
    await page.getByLabel('Strategy name').fill('web-strategy');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    const stage1 = page.locator('[data-stage-index="1"]');
    await expect.poll(() => stage1.locator('.field-error').allInnerTexts()).toHaveLength(2);
    expect(await stage1.getByLabel('Stage name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('p.error').innerText()).toContain('InvalidRequestContent');
    await screenshot(page, 'create-run-form');
    await page.locator('[data-stage-index="0"]').getByRole('button', { name: 'Move down' }).click();
    await page.locator('[data-stage-index="0"]').getByLabel('Stage name').fill('first');
    await page.locator('[data-stage-index="0"]').getByLabel('Wait after the stage (seconds)').fill('1');
    await page.locator('[data-stage-index="1"]').getByLabel('Stage name').fill('second');
    expect(await page.locator('.field-error').count()).toBe(0); // moving a stage clears errors it no longer matches
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/\/run\/web-run$/);
    await expect.poll(() => runState().getAttribute('data-state')).toBe('NotStarted');
    expect(await page.locator('.summary').innerText()).toContain('ControlPlaneOnly to 1.32.6');
    expect(await page.locator('.summary').innerText()).toContain('strategy web-strategy');
  });

  it('starts the run, watches a member go Running then Completed, approves the gate and skips a group', async () => {
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Yes, start' }).click();
    await expect.poll(() => member('a1').getAttribute('data-state'), { timeout: 20_000 }).toBe('Running');
    await expect.poll(() => member('a1').getAttribute('data-state'), { timeout: 30_000 }).toBe('Completed');
    const approve = page.getByRole('button', { name: 'Approve' });
    await approve.waitFor({ timeout: 20_000 });
    expect(await runState().getAttribute('data-state')).toBe('Pending');
    await approve.click();
    await expect.poll(() => member('b1').getAttribute('data-state'), { timeout: 20_000 }).toBe('Running');
    await page.getByLabel('Select group gc to skip').check();
    await page.getByRole('button', { name: 'Skip selected (1)' }).click();
    expect(await page.locator('dialog').innerText()).toContain('Group gc');
    await page.getByRole('button', { name: 'Yes, skip' }).click();
    await expect.poll(() => group('gc').getAttribute('data-state'), { timeout: 10_000 }).toBe('Skipped');
    await screenshot(page, 'run-tree');
  });

  it('stops the run with the keyboard after a confirmation, then starts it again to completion', async () => {
    await page.getByRole('button', { name: 'Stop' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Escape'); // the dialog cancels: nothing happens
    await expect.poll(() => page.locator('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Stop' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    await page.keyboard.press('Shift+Tab'); // from Cancel (focused first) to "Yes, stop"
    await page.keyboard.press('Enter');
    await expect.poll(() => runState().getAttribute('data-state'), { timeout: 20_000 }).toBe('Stopped');
    expect(await member('b1').getAttribute('data-state')).toBe('Completed'); // stop lets an upgrade under way end
    expect(await member('b2').getAttribute('data-state')).toBe('NotStarted');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Yes, start' }).click();
    await expect.poll(() => runState().getAttribute('data-state'), { timeout: 30_000 }).toBe('Completed');
    expect(await member('b2').getAttribute('data-state')).toBe('Completed');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'run-tree-narrow');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows an error from the API in place: starting a completed run is refused', async () => {
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Yes, start' }).click();
    await expect.poll(() => page.locator('p.error').count()).toBe(1);
    expect(await page.locator('p.error').innerText()).toMatch(/^\w+: /);
    await page.goto(at('runs'));
    const row = page.locator('tbody tr', { hasText: 'web-run' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Completed\s+4\/4/);
  });

  it('lists, creates and disables auto-upgrade profiles, with field errors in place', async () => {
    await page.goto(at('profiles'));
    await page.getByLabel('Name', { exact: true }).fill('stable');
    await page.getByLabel('Channel').selectOption('TargetKubernetesVersion');
    await page.getByLabel('Target Kubernetes minor version').fill('1.33.5');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await expect.poll(() => page.locator('.field-error').innerText()).toContain("minor version '{major}.{minor}'");
    await page.getByLabel('Target Kubernetes minor version').fill('1.33');
    await page.getByLabel('Update strategy').selectOption({ label: 'web-strategy' });
    await page.getByRole('button', { name: 'Create profile' }).click();
    const row = page.locator('tbody tr', { hasText: 'stable' });
    await row.waitFor();
    expect(await row.innerText()).toMatch(
      /TargetKubernetesVersion 1\.33\s+web-strategy\s+Latest\s+Enabled\s+Not triggered yet/,
    );
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect.poll(() => row.innerText()).toContain('Disabled');
    expect(problems).toEqual([]);
  });
});
