import { z } from 'zod';

const VERSION = /^\d+\.\d+\.\d+$/;
const NODE_IMAGE = /^[A-Za-z0-9][A-Za-z0-9.-]*-[0-9][0-9.]*$/;

/** One Kubernetes patch version AKS offers. */
export const CatalogVersionSchema = z.strictObject({
  version: z.string().regex(VERSION, 'expected major.minor.patch'),
  preview: z.boolean().optional(),
  /** The minor has AKS Long Term Support (LTS minors may skip to a higher LTS minor). */
  lts: z.boolean().optional(),
  /** Regions offering it; absent = every region of the catalog. */
  regions: z.array(z.string().min(1)).optional(),
});

/** Kubernetes versions and node images per region: what the simulated AKS offers. */
export const CatalogSchema = z.strictObject({
  kubernetesVersions: z.array(CatalogVersionSchema).min(1),
  /** Version used when a create request names none; default = newest patch of the second-newest GA minor. */
  defaultKubernetesVersion: z.string().regex(VERSION).optional(),
  /** Region → node image versions (`<family>-<version>`, family = text before the last `-`). */
  nodeImages: z.record(
    z.string().min(1),
    z.array(z.string().regex(NODE_IMAGE, 'expected <family>-<version>, e.g. AKSUbuntu-2204gen2containerd-202511.04.0')),
  ),
});

/** What the simulated AKS offers; replaceable at runtime with `PUT /simulator/catalog`. */
export type Catalog = z.infer<typeof CatalogSchema>;
/** One Kubernetes patch version of the catalog. */
export type CatalogVersion = z.infer<typeof CatalogVersionSchema>;

const UBUNTU = 'AKSUbuntu-2204gen2containerd';
const AZURE_LINUX = 'AKSAzureLinux-V2gen2';
const WINDOWS = 'AKSWindows-2022-containerd';

/** The catalog a fresh simulator starts with: two demo regions whose latest node images differ. */
export const DEFAULT_CATALOG: Catalog = {
  kubernetesVersions: [
    { version: '1.27.102', lts: true },
    { version: '1.28.15' },
    { version: '1.29.14' },
    { version: '1.30.12', lts: true },
    { version: '1.30.14', lts: true },
    { version: '1.31.8' },
    { version: '1.31.13' },
    { version: '1.32.6' },
    { version: '1.32.9' },
    { version: '1.33.5' },
    { version: '1.34.1', preview: true },
  ],
  nodeImages: {
    eastus: [
      `${UBUNTU}-202510.19.0`,
      `${UBUNTU}-202511.04.0`,
      `${AZURE_LINUX}-202510.19.0`,
      `${AZURE_LINUX}-202511.04.0`,
      `${WINDOWS}-20348.4294.251021`,
      `${WINDOWS}-20348.4405.251104`,
    ],
    westeurope: [`${UBUNTU}-202510.19.0`, `${AZURE_LINUX}-202510.19.0`, `${WINDOWS}-20348.4294.251021`],
  },
};
