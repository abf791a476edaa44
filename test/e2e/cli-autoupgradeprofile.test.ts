import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { fleetShell, someClusters } from './support/fleet-cli';

const GROUP = 'fleet-cli-profiles';
const FLEET = 'auto';

describe('fleet autoupgradeprofile create, show, list, delete and generate-update-run', () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  let strategyId: string;
  beforeAll(async () => {
    // Once a year: no timer tick starts a run of an enabled profile while the test looks at what it generated.
    stack = await startFleetStack({ appSettings: { AUTO_UPGRADE_SCHEDULE: '0 0 0 1 1 *' } });
    shell = fleetShell(stack, { GROUP, FLEET });
    const ids = await someClusters(stack, GROUP, [{ name: 'aks1', kubernetesVersion: '1.31.8' }]);
    await shell.json('fleet create -g $GROUP -n $FLEET -l eastus');
    await shell.json(
      `fleet member create -g $GROUP -f $FLEET -n member1 --member-cluster-id ${ids.aks1} --update-group group-1`,
    );
    const strategy = await shell.json<{ id: string }>(
      `fleet updatestrategy create -g $GROUP -f $FLEET -n one-stage --stages '{"stages":[{"name":"s1","groups":[{"name":"group-1"}]}]}'`,
    );
    strategyId = strategy.id;
  }, 120_000);
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  const profiles = () => stack.fleetClient.autoUpgradeProfiles;

  it('creates profiles of each flag, shows and lists them, and create without --disabled enables one again', async () => {
    const stable = await shell.json('fleet autoupgradeprofile create -g $GROUP -f $FLEET -n stable -c stable');
    expect(stable).toMatchObject({
      name: 'stable',
      type: 'Microsoft.ContainerService/fleets/autoUpgradeProfiles',
      properties: { channel: 'Stable', disabled: false },
    });

    const pinned = await shell.json(
      `fleet autoupgradeprofile create -g $GROUP -f $FLEET --name pinned --channel TargetKubernetesVersion --tkv 1.32 --lts ` +
        `--update-strategy-id ${strategyId} --node-image-selection consistent --disabled`,
    );
    expect(pinned.properties).toMatchObject({
      channel: 'TargetKubernetesVersion',
      targetKubernetesVersion: '1.32',
      longTermSupport: true,
      updateStrategyId: strategyId,
      nodeImageSelection: { type: 'Consistent' },
      disabled: true,
    });
    // Through the official client (2025-03-01, which has no TargetKubernetesVersion fields): what it stored.
    expect((await profiles().get(GROUP, FLEET, 'pinned')).properties).toMatchObject({
      channel: 'TargetKubernetesVersion',
      updateStrategyId: strategyId,
      nodeImageSelection: { type: 'Consistent' },
      disabled: true,
    });

    // az: re-run create without --disabled to enable the profile again.
    await shell.json(
      `fleet autoupgradeprofile create -g $GROUP -f $FLEET -n pinned -c TargetKubernetesVersion --target-kubernetes-version 1.32 --long-term-support --update-strategy-id ${strategyId}`,
    );
    expect((await profiles().get(GROUP, FLEET, 'pinned')).properties?.disabled).toBe(false);

    const shown = await shell.run(
      'fleet autoupgradeprofile show -g $GROUP -f $FLEET -n pinned --query "[properties.channel, properties.targetKubernetesVersion, properties.longTermSupport]" -o tsv',
    );
    expect(shown).toEqual({ code: 0, stdout: 'TargetKubernetesVersion\n1.32\ntrue\n', stderr: '' });
    const listed = await shell.run(
      'fleet autoupgradeprofile list -g $GROUP -f $FLEET --query "[].{Name:name, Channel:properties.channel, Disabled:properties.disabled}" -o table',
    );
    expect(listed.stdout).toBe(
      [
        'Name    Channel                  Disabled',
        '------  -----------------------  --------',
        'pinned  TargetKubernetesVersion  False',
        'stable  Stable                   False',
        '',
      ].join('\n'),
    );
  });

  it('generate-update-run answers the id of one NotStarted run, the same one each time', async () => {
    await shell.json('fleet autoupgradeprofile create -g $GROUP -f $FLEET -n rapid -c Rapid --disabled');
    const first = await shell.json<{ id: string }>(
      'fleet autoupgradeprofile generate-update-run -g $GROUP -f $FLEET --auto-upgrade-profile-name rapid',
    );
    // The API answers only the id; az adds resourceGroup, as to every result with an id.
    expect(Object.keys(first).sort()).toEqual(['id', 'resourceGroup']);
    const name = /\/fleets\/auto\/updateRuns\/(rapid-1-\d+-\d+)$/.exec(first.id)?.[1];
    if (!name) throw new Error(`not a run of the profile: ${first.id}`);
    for (const flag of ['--profile-name', '-n', '--name']) {
      const again = await shell.run(
        `fleet autoupgradeprofile generate-update-run -g $GROUP -f $FLEET ${flag} rapid --query id -o tsv`,
      );
      expect(again).toEqual({ code: 0, stdout: `${first.id}\n`, stderr: '' });
    }
    const run = await stack.fleetClient.updateRuns.get(GROUP, FLEET, name);
    expect(run.properties?.status?.status?.state).toBe('NotStarted');
    expect(run.properties?.autoUpgradeProfileId).toMatch(/\/fleets\/auto\/autoUpgradeProfiles\/rapid$/);
    expect(run.properties?.managedClusterUpdate.upgrade).toMatchObject({ type: 'Full' });
  });

  it("deletes with --yes, and gives the API's and az's errors", async () => {
    await shell.json('fleet autoupgradeprofile create -g $GROUP -f $FLEET -n doomed -c NodeImage');
    const unconfirmed = await shell.run('fleet autoupgradeprofile delete -g $GROUP -f $FLEET -n doomed');
    expect(unconfirmed).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR: (NoTTY) Unable to prompt for confirmation as no tty available. Use --yes.\n',
    });
    expect(await shell.run('fleet autoupgradeprofile delete -g $GROUP -f $FLEET -n doomed --yes')).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const gone = await shell.run('fleet autoupgradeprofile show -g $GROUP -f $FLEET -n doomed');
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^ERROR: \(ResourceNotFound\) .*doomed/);

    const noVersion = await shell.run(
      'fleet autoupgradeprofile create -g $GROUP -f $FLEET -n tkv -c TargetKubernetesVersion',
    );
    expect(noVersion.code).toBe(1);
    expect(noVersion.stderr).toMatch(
      /^ERROR: \(\w+\) .*targetKubernetesVersion.*required when channel is TargetKubernetesVersion/,
    );

    const badChannel = await shell.run('fleet autoupgradeprofile create -g $GROUP -f $FLEET -n weekly -c Weekly');
    expect(badChannel.code).toBe(2);
    expect(badChannel.stderr).toMatch(
      /invalid choice: 'Weekly' \(choose from 'Stable', 'Rapid', 'NodeImage', 'TargetKubernetesVersion'\)/,
    );
    const unnamed = await shell.run('fleet autoupgradeprofile generate-update-run -g $GROUP -f $FLEET');
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/required option '-n, --auto-upgrade-profile-name <name>' not specified/);
  });
});
