export { normalizeInstance, parseAddress, type InstanceInput, type InstanceStatus, type ServiceInstance } from './instance.js';
export { DuplicateInstanceError, InstanceNotFoundError, NoInstanceAvailableError, RegistryUnavailableError } from './errors.js';
export type { Registry, RegisterOptions, Watch } from './registry.js';
export { MemoryRegistry } from './memory-registry.js';
export type { Endpoint } from './endpoint.js';
export * from './balancers/index.js';
export { OutlierDetector, type OutlierDetectionOptions } from './outlier-detection.js';
export { DiscoveryClient, type DiscoveryClientOptions, type DiscoverySnapshot } from './discovery-client.js';
