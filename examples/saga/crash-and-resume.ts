// The order saga on a SQLite file, killed mid-way and resumed by the next process. Run it:
//   npx tsx examples/saga/crash-and-resume.ts shop.db --crash-at reserve-stock   # dies (SIGKILL) inside reserve-stock
//   npx tsx examples/saga/crash-and-resume.ts shop.db --inspect                  # what the store says
//   npx tsx examples/saga/crash-and-resume.ts shop.db                            # resumes and finishes
// Break it: --fail-at confirm-order makes that step fail (the saga rolls back), and
// --crash-at undo:charge-payment kills the process in the middle of the rollback.
// The services keep their effects in the same file, keyed by the idempotency key, so the step that
// was in flight at the crash runs again and is recognised as already applied.
import { parseArgs } from 'node:util';
import { defineSaga, SagaOrchestrator } from 'pacelc/saga';
import { SqliteSagaStore } from 'pacelc/saga/sqlite';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'crash-at': { type: 'string' }, 'fail-at': { type: 'string' }, inspect: { type: 'boolean' } } });
const filename = positionals[0] ?? 'shop.db';
const store = new SqliteSagaStore({ filename });
const db = store.database;
db.exec('CREATE TABLE IF NOT EXISTS effects (key TEXT PRIMARY KEY, effect TEXT NOT NULL)');

/** A service call: applies `effect` once per idempotency key. */
function apply(key: string, effect: string): string {
  const applied = db.prepare('INSERT OR IGNORE INTO effects (key, effect) VALUES (?, ?)').run(key, effect).changes === 1;
  console.log(`  ${key.padEnd(34)} ${applied ? 'applied:' : 'already applied, skipped:'} ${effect}`);
  return effect;
}

function crashIfAsked(where: string): void {
  if (values['crash-at'] !== where) return;
  console.log(`  -- killing the process (SIGKILL) inside ${where} --`);
  process.kill(process.pid, 'SIGKILL');
}

const step = (name: string, effect: string, undo: string) => ({
  name,
  action: ({ idempotencyKey }: { idempotencyKey: string }) => {
    if (values['fail-at'] === name) throw new Error(`${name} refused`);
    const result = apply(idempotencyKey, effect);
    crashIfAsked(name);
    return result;
  },
  compensate: ({ idempotencyKey }: { idempotencyKey: string }) => {
    apply(idempotencyKey, undo);
    crashIfAsked(`undo:${name}`);
  },
});

const orderSaga = defineSaga<{ customer: string; amount: number }>()({
  name: 'order',
  timeoutMs: 60_000,
  steps: [
    step('create-order', 'order 7 pending', 'order 7 cancelled'),
    step('charge-payment', 'charged ada 30', 'refunded ada 30'),
    step('reserve-stock', 'reserved 2 widgets', 'released 2 widgets'),
    step('confirm-order', 'order 7 confirmed', 'nothing'),
  ],
});

if (values.inspect === true) {
  const record = await store.load('order-7');
  console.log(JSON.stringify(record?.state));
  console.log(`timers: ${(await store.timers('order-7')).map((timer) => timer.name).join(', ')}`);
  await store.close();
} else {
  const orchestrator = new SagaOrchestrator({ store, definitions: [orderSaga] });
  console.log('resuming sagas left in flight...');
  const resumed = await orchestrator.resume();
  console.log(`resumed ${resumed} saga(s)`);
  if ((await store.load('order-7')) === undefined) await orchestrator.start('order', { id: 'order-7', input: { customer: 'ada', amount: 30 } });
  const done = await orchestrator.wait('order-7');
  const state = done.state;
  console.log(`order-7: ${state.status} after ${done.version} transitions${state.status === 'compensated' ? ` (undid ${state.compensated.join(', ')})` : ''}`);
  await orchestrator.close();
  await store.close();
}
