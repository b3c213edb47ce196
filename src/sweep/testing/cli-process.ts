// Test support (not shipped): `pacelc` from the TypeScript sources in a child process, e.g.
// `node --import tsx src/sweep/testing/cli-process.ts worker nats://127.0.0.1:4222 --jobs 1`.
import { main } from '../../cli/main.js';

process.exitCode = await main(process.argv.slice(2));
