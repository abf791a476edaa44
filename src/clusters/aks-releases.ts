import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { KubernetesRelease } from '../domain';
import { classifyClusterError } from './cluster-errors';
import { createContainerServiceClientFactory, parseClusterConfig } from './cluster-config';

/**
 * The port the auto-upgrade trigger reads AKS's releases through: the Kubernetes versions AKS offers in a region,
 * GA or preview, with LTS (listKubernetesVersions). Failures are classified as the ClusterClient's are.
 */
export interface AksReleases {
  kubernetesReleases(subscriptionId: string, location: string): Promise<KubernetesRelease[]>;
}

const LTS_PLAN = 'AKSLongTermSupport';

/** AksReleases over the ARM client of each subscription. */
export function createArmAksReleases(clientFor: (subscriptionId: string) => ContainerServiceClient): AksReleases {
  return {
    async kubernetesReleases(subscriptionId, location) {
      try {
        const list = await clientFor(subscriptionId).managedClusters.listKubernetesVersions(location);
        return (list.values ?? []).flatMap((minor) =>
          Object.keys(minor.patchVersions ?? {}).map((version) => ({
            version,
            preview: minor.isPreview === true,
            lts: (minor.capabilities?.supportPlan ?? []).includes(LTS_PLAN),
          })),
        );
      } catch (error) {
        throw classifyClusterError(error);
      }
    },
  };
}

/** An in-memory catalog for tests: regions and what each offers. */
export class FakeAksReleases implements AksReleases {
  private readonly regions = new Map<string, KubernetesRelease[]>();

  /** What the region offers from now on (a new release is published by calling this again with it). */
  withRegion(location: string, releases: KubernetesRelease[]): this {
    this.regions.set(location.toLowerCase(), [...releases]);
    return this;
  }

  kubernetesReleases(_subscriptionId: string, location: string): Promise<KubernetesRelease[]> {
    return Promise.resolve([...(this.regions.get(location.toLowerCase()) ?? [])]);
  }
}

let fromEnv: AksReleases | undefined;

/** The process-wide AksReleases built from the ARM_* settings the ClusterClient uses. */
export function getArmAksReleases(env: NodeJS.ProcessEnv = process.env): AksReleases {
  fromEnv ??= createArmAksReleases(createContainerServiceClientFactory(parseClusterConfig(env)));
  return fromEnv;
}
