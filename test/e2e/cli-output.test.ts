import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleetStack, type FleetStack } from '../support/fleet-stack';
import { fleetShell, someClusters } from './support/fleet-cli';

const GROUP = 'fleet-cli-output';
const FLEET = 'out-fleet';

describe("fleet's output, queries and errors, as az's", () => {
  let stack: FleetStack;
  let shell: ReturnType<typeof fleetShell>;
  beforeAll(async () => {
    stack = await startFleetStack();
    shell = fleetShell(stack, { GROUP, FLEET });
    const ids = await someClusters(stack, GROUP, [{ name: 'aks1' }, { name: 'aks2' }]);
    await shell.json('fleet create -g $GROUP -n $FLEET -l eastus --tags env=test');
    await shell.json(
      `fleet member create -g $GROUP -f $FLEET -n member1 --member-cluster-id ${ids.aks1} --update-group group-1a`,
    );
    await shell.json(
      `fleet member create -g $GROUP -f $FLEET -n member2 --member-cluster-id ${ids.aks2} --update-group group-1b --labels env=prod team=blue`,
    );
  }, 120_000);
  afterAll(async () => {
    shell?.remove();
    await stack?.stop();
  });

  it('prints a --query projection as a table, its columns in the query order', async () => {
    const result = await shell.run(
      'fleet member list -g $GROUP -f $FLEET --query "[].{Name:name, Group:properties.group}" -o table',
    );
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: ['Name     Group', '-------  --------', 'member1  group-1a', 'member2  group-1b', ''].join('\n'),
    });
  });

  it("prints a resource's scalar fields as az's automatic table (keys sorted, id and type left out)", async () => {
    const result = await shell.run('fleet show -g $GROUP -n $FLEET -o table');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^ETag {36}Location {2}Name {7}ResourceGroup$/);
    expect(lines[1]).toBe(`${'-'.repeat(38)}  --------  ---------  ----------------`);
    expect(lines[2]).toMatch(/^"[0-9a-f-]{36}" {2}eastus {4}out-fleet {2}fleet-cli-output$/);
    expect(lines.length).toBe(4);
  });

  it('prints tsv, yaml and json with sorted keys, and adds resourceGroup as az does', async () => {
    expect((await shell.run('fleet member list -g $GROUP -f $FLEET --query "[].name" -o tsv')).stdout).toBe(
      'member1\nmember2\n',
    );
    const yaml = await shell.run(
      'fleet member show -g $GROUP -f $FLEET -n member2 --query "{name:name, labels:properties.labels, rg:resourceGroup}" -o yaml',
    );
    expect(yaml.stdout).toBe('labels:\n  env: prod\n  team: blue\nname: member2\nrg: fleet-cli-output\n');
    const json = await shell.run('fleet show -g $GROUP -n $FLEET --query "{tags:tags, name:name}"');
    expect(json.stdout).toBe('{\n  "name": "out-fleet",\n  "tags": {\n    "env": "test"\n  }\n}\n');
  });

  it('updates a member and a fleet, lists, and deletes with --yes', async () => {
    const updated = await shell.run(
      'fleet member update -g $GROUP -f $FLEET -n member1 --update-group group-2a --labels tier=1 --query "[properties.group, properties.labels.tier]" -o tsv',
    );
    // A list prints one item a line, as az's tsv; a list of lists, a row a line.
    expect(updated.stdout).toBe('group-2a\n1\n');
    const fleet = await shell.run('fleet update -g $GROUP -n $FLEET --tags env=prod owner=me --query tags -o json');
    expect(JSON.parse(fleet.stdout)).toEqual({ env: 'prod', owner: 'me' });
    expect((await shell.run('fleet list -g $GROUP --query "[].name" -o tsv')).stdout).toBe('out-fleet\n');

    await shell.json(
      `fleet updatestrategy create -g $GROUP -f $FLEET -n s1 --stages '{"stages":[{"name":"a","groups":[{"name":"group-1b"}]}]}'`,
    );
    expect((await shell.run('fleet updatestrategy list -g $GROUP -f $FLEET --query "[].name" -o tsv')).stdout).toBe(
      's1\n',
    );
    expect(await shell.run('fleet updatestrategy delete -g $GROUP -f $FLEET -n s1 --yes')).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const refused = await shell.run('fleet member delete -g $GROUP -f $FLEET -n member1 < /dev/null');
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ERROR: (NoTTY) Unable to prompt for confirmation as no tty available. Use --yes.\n',
    });
    expect((await shell.run('fleet member delete -g $GROUP -f $FLEET -n member1 --yes')).code).toBe(0);
    expect((await shell.run('fleet member list -g $GROUP -f $FLEET --query "[].name" -o tsv')).stdout).toBe(
      'member2\n',
    );
  });

  it("shows the API's error as (Code) message on stderr with exit code 1", async () => {
    const result = await shell.run('fleet member show -g $GROUP -f $FLEET -n nope');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: "ERROR: (ResourceNotFound) The Microsoft.ContainerService/fleets/members 'nope' could not be found.\n",
    });
  });

  it('refuses arguments it cannot take with exit code 2, before calling the API', async () => {
    const badTarget = await shell.run(
      'fleet updaterun skip -g $GROUP -f $FLEET -n run --targets Group:ok member:lower',
    );
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain(
      "ERROR: option '--targets <targets...>' argument 'member:lower' is invalid. invalid target 'member:lower'",
    );
    const twoColons = await shell.run('fleet updaterun skip -g $GROUP -f $FLEET -n run --targets Group:a:b');
    expect(twoColons.code).toBe(2);
    const missing = await shell.run('fleet updaterun create -g $GROUP -f $FLEET -n run');
    expect([missing.code, missing.stderr.split('\n')[0]]).toEqual([
      2,
      "ERROR: required option '--upgrade-type <type>' not specified",
    ]);
    const badType = await shell.run('fleet updaterun create -g $GROUP -f $FLEET -n run --upgrade-type Everything');
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain(
      "invalid choice: 'Everything' (choose from 'Full', 'NodeImageOnly', 'ControlPlaneOnly')",
    );
    const noVersion = await shell.run('fleet updaterun create -g $GROUP -f $FLEET -n run --upgrade-type full');
    expect(noVersion).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "ERROR: (InvalidArgumentValue) Please set kubernetes version when upgrade type is 'Full' or 'ControlPlaneOnly'.\n",
    });
    const badStages = await shell.run('fleet updatestrategy create -g $GROUP -f $FLEET -n s --stages missing.json');
    expect([badStages.code, badStages.stderr]).toEqual([
      2,
      "ERROR: option '--stages <file-or-json>' argument 'missing.json' is invalid. cannot read missing.json: ENOENT\n(add --help for usage)\n",
    ]);
  });

  it("has az fleet's help on every command", async () => {
    /** Help as one line: commander wraps it to the terminal's width. */
    const helpOf = async (command: string) => {
      const result = await shell.run(`${command} --help`);
      return { code: result.code, text: result.stdout.replace(/\s+/g, ' ') };
    };
    const skip = await helpOf('fleet updaterun skip');
    expect(skip.code).toBe(0);
    expect(skip.text).toContain('Sets targets to be skipped within an UpdateRun.');
    expect(skip.text).toContain("Targets must be of the form 'targetType:targetName' such as Group:MyGroup.");
    expect(skip.text).toContain('-o, --output <format>');
    const create = await helpOf('fleet updaterun create');
    expect(create.text).toContain('Creates or updates an update run.');
    expect(create.text).toContain('Allowed values: Full, NodeImageOnly, ControlPlaneOnly.');
    expect((await helpOf('fleet member')).text).toContain('create [options] Creates or updates a member.');
  });
});
