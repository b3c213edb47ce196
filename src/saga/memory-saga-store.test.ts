import { sagaStoreContract } from './saga-store.contract.js';
import { MemorySagaStore } from './memory-saga-store.js';

sagaStoreContract('memory', async () => {
  const store = new MemorySagaStore();
  return { store, reopen: () => Promise.resolve(store), dispose: () => store.close() };
});
