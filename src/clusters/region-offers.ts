/** How long a region's list that offers the wanted version is reused (AKS withdraws versions over months). */
const OFFER_REUSE_MS = 60_000;
const MAX_REGIONS = 1_000;

/**
 * The Kubernetes versions each region offers, as read moments ago. Every member of a run asks about the same
 * region and target, so a list younger than a minute that offers the wanted version answers the next member too;
 * a list that lacks it is never reused, so "not offered" (the member goes Pending) always comes from a fresh read.
 */
export class RegionOffers {
  private readonly lists = new Map<string, { at: number; versions: string[] }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The region's versions when a recent read offers `wanted`; undefined when it must be read again. */
  offering(region: string, wanted: string | undefined): string[] | undefined {
    const entry = this.lists.get(region.toLowerCase());
    if (!entry || wanted === undefined || this.now() - entry.at > OFFER_REUSE_MS) return undefined;
    return entry.versions.includes(wanted) ? [...entry.versions] : undefined;
  }

  remember(region: string, versions: string[]): void {
    if (this.lists.size >= MAX_REGIONS) this.lists.clear();
    this.lists.set(region.toLowerCase(), { at: this.now(), versions: [...versions] });
  }
}
