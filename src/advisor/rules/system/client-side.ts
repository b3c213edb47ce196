import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { Spec } from '../../spec/schema.js';
import type { Discovery } from './shared.js';

/** One language, outside Kubernetes → client-side discovery through a registry (Consul, etcd, Eureka). */
export const clientSideDiscovery: DecisionRule<Spec, Discovery> = {
  id: 'discovery.client-side',
  title: 'One language on VMs: client-side discovery',
  sources: [literature.discoveryPatterns],
  decide: (spec) => {
    const languages = new Set((spec.services ?? []).map((service) => service.language).filter((language) => language !== undefined));
    if (spec.system.platform !== 'virtual-machines' || languages.size > 1) return undefined;
    return {
      choice: 'client-side',
      summary: 'client-side: services look up a registry (Consul/etcd) and balance themselves',
      why: 'On virtual machines there is no platform load balancer per service; with one language, one client library queries the registry, balances across healthy instances (zone-aware) and calls them directly, with no extra hop.',
      tradeOff: 'The library is part of every service: upgrades roll out service by service; the registry must be highly available (it is a consensus cluster).',
      alternatives: [
        { choice: 'server-side', whyRejected: 'a load-balancer hop per call and one more component per service' },
        { choice: 'service-mesh', whyRejected: 'a mesh outside Kubernetes is costly to run for a single-language system' },
      ],
    };
  },
};
