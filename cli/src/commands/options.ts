import { InvalidArgumentError, Option, type Command } from 'commander';

/** Options shared by the fleet commands, spelled and worded as `az fleet` has them. */
export const opt = {
  resourceGroup: (required = true): Option => {
    const option = new Option('-g, --resource-group <name>', 'Name of resource group.').env('AZURE_DEFAULTS_GROUP');
    return required ? option.makeOptionMandatory() : option;
  },
  fleetName: (): Option => new Option('-f, --fleet-name <name>', 'Specify the fleet name.').makeOptionMandatory(),
  name: (description: string): Option => new Option('-n, --name <name>', description).makeOptionMandatory(),
  noWait: (): Option => new Option('--no-wait', 'Do not wait for the long-running operation to finish.'),
  yes: (): Option => new Option('-y, --yes', 'Do not prompt for confirmation.'),
  tags: (): Option =>
    new Option(
      '--tags <tags...>',
      'Space-separated tags: key[=value] [key[=value] ...]. Use "" to clear existing tags.',
    ),
};

/**
 * An option that sets another's value: az spells one argument several ways (`--gate-name`, `--gate`, `-n`), and a
 * commander option has at most two flags, so each further spelling is an option of its own under the same name.
 */
class AliasOption extends Option {
  constructor(
    flags: string,
    private readonly of: Option,
  ) {
    super(flags, `Same as ${of.long ?? of.flags}.`);
    if (of.parseArg) this.argParser(of.parseArg);
  }

  override attributeName(): string {
    return this.of.attributeName();
  }
}

/** Adds `option` and its further spellings (`--gate <name>`) to `command`. */
export function withAliases(command: Command, option: Option, ...aliases: string[]): Command {
  command.addOption(option);
  for (const flags of aliases) command.addOption(new AliasOption(flags, option));
  return command;
}

/** An enum argument matched case-insensitively and given back in its canonical spelling, as az's enum arguments. */
export function choice<T extends string>(flags: string, description: string, values: readonly T[]): Option {
  return new Option(flags, `${description} Allowed values: ${values.join(', ')}.`).argParser((value: string): T => {
    const found = values.find((v) => v.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
      throw new InvalidArgumentError(
        `invalid choice: '${value}' (choose from ${values.map((v) => `'${v}'`).join(', ')})`,
      );
    }
    return found;
  });
}

/** `key=value key2=value2` (az's tags and labels); an empty string alone clears them. */
export function keyValues(values: string[] | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const pairs = values.filter((v) => v !== '');
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
