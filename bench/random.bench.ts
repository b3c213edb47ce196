// The seeded Random against Math.random: what determinism costs per draw.
import { Random } from '../src/runtime/random.js';
import { type BenchSuite, casesTable, measureCases } from './harness.js';

const suite: BenchSuite = {
  name: 'random',
  description: 'Seeded xoshiro128** Random (pacelc/runtime) against Math.random, per draw.',
  async run(context) {
    const random = new Random(1);
    let sink = 0;
    const floats = await measureCases(
      [
        { name: 'pacelc Random.float()', fn: () => (sink += random.float()), subject: true },
        { name: 'Math.random()', fn: () => (sink += Math.random()) },
      ],
      context,
    );
    const ints = await measureCases(
      [
        { name: 'pacelc Random.int(1000)', fn: () => (sink += random.int(1000)), subject: true },
        { name: 'Math.floor(Math.random() * 1000)', fn: () => (sink += Math.floor(Math.random() * 1000)) },
      ],
      context,
    );
    const zipf = random.zipfSampler(10_000, 1.1);
    const others = await measureCases(
      [
        { name: 'pacelc Random.next() (uint32)', fn: () => (sink += random.next()), subject: true },
        { name: 'pacelc Random.normal(0, 1)', fn: () => (sink += random.normal(0, 1)) },
        { name: 'pacelc zipfSampler(10000, 1.1)()', fn: () => (sink += zipf()) },
      ],
      context,
    );
    if (sink === 42) context.log(''); // keep the results alive
    return [
      casesTable('float in [0, 1)', floats, ['Random.float() draws 53 random bits from two 32-bit outputs; Math.random also gives 53 bits.']),
      casesTable('integer in [0, 1000)', ints, ['Random.int is exactly uniform (Lemire rejection); the Math.floor form has a tiny bias.']),
      casesTable('other draws', others),
    ];
  },
};

export default suite;
