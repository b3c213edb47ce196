import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { Spec } from '../../spec/schema.js';
import { type Discovery, serviceNames } from './shared.js';

const meshServices = 10;

/** Many services, or several languages, on Kubernetes → a service mesh does discovery and resilience once. */
export const meshDiscovery: DecisionRule<Spec, Discovery> = {
  id: 'discovery.service-mesh',
  title: 'Many services or languages on Kubernetes: a service mesh',
  sources: [literature.discoveryPatterns],
  decide: (spec) => {
    const services = serviceNames(spec).length;
    const languages = new Set((spec.services ?? []).map((service) => service.language).filter((language) => language !== undefined)).size;
    if (spec.system.platform !== 'kubernetes' || (services < meshServices && languages < 3)) return undefined;
    return {
      choice: 'service-mesh',
      summary: 'service mesh (sidecars or ambient: Istio, Linkerd)',
      why: `${services} services${languages >= 3 ? ` in ${languages} languages` : ''} on Kubernetes: the mesh gives every call discovery, load balancing, mTLS, timeouts, retries and breakers without reimplementing them in each service's library.`,
      tradeOff: 'A control plane to operate and upgrade, a proxy hop per call (~1 ms or less), and retries configured in two places unless application retries are switched off for meshed calls.',
      alternatives: [
        { choice: 'client-side', whyRejected: 'a discovery and resilience library per language, kept in sync across all services' },
        { choice: 'server-side', whyRejected: 'a load balancer per service adds a hop and does not give per-call resilience or mTLS' },
      ],
    };
  },
};
