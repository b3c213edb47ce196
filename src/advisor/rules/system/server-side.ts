import type { DecisionRule } from '../../rule.js';
import { literature } from '../../sources.js';
import type { Spec } from '../../spec/schema.js';
import { type Discovery, serviceNames } from './shared.js';

/** Default → server-side discovery: the platform's load balancer (Kubernetes Services, cloud LBs). */
export const serverSideDiscovery: DecisionRule<Spec, Discovery> = {
  id: 'discovery.server-side',
  title: 'Default: server-side discovery through the platform’s load balancer',
  sources: [literature.discoveryPatterns],
  decide: (spec) => ({
    choice: 'server-side',
    summary: spec.system.platform === 'kubernetes' ? 'server-side: Kubernetes Services (DNS + kube-proxy)' : 'server-side: a load balancer per service',
    why: `${serviceNames(spec).length} service${serviceNames(spec).length === 1 ? '' : 's'}: the platform already resolves a service name to healthy instances, so clients stay simple and any language works.`,
    tradeOff: 'One more hop and a component that must be highly available; resilience (timeouts, retries, breakers) stays in application code, configured as in the calls section.',
    alternatives: [
      { choice: 'client-side', whyRejected: 'a registry client in every service, for a system this size' },
      { choice: 'service-mesh', whyRejected: 'a control plane to run for few services' },
    ],
  }),
};
