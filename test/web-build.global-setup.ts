// Vitest global set-up: the report writers (src/lab/) inline dist/web/, which `npm run build`
// makes; here it is rebuilt when a source under web/ is newer, so a test never reads a stale
// front end (esbuild: well under a second).
import { buildWeb } from '../web/build.mjs';

export default async function setup(): Promise<void> {
  await buildWeb({ ifStale: true });
}
