import type { DecisionRule } from '../../rule.js';
import type { Spec } from '../../spec/schema.js';
import { clientSideDiscovery } from './client-side.js';
import { meshDiscovery } from './mesh.js';
import { serverSideDiscovery } from './server-side.js';
import type { Discovery } from './shared.js';

export { monitoringFromDesign, type MonitoringInput } from './monitoring.js';
export { serviceNames } from './shared.js';

/** Service discovery, in order. */
export const discoveryRules: readonly DecisionRule<Spec, Discovery>[] = [meshDiscovery, clientSideDiscovery, serverSideDiscovery];
