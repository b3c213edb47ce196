import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { endQuietlyOnClosedPipe } from './io.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('a closed pipe', () => {
  it('ends with exit 0 on EPIPE and rethrows any other stream error', () => {
    const stream = new EventEmitter();
    const exits: number[] = [];
    endQuietlyOnClosedPipe(stream, (code) => exits.push(code));
    endQuietlyOnClosedPipe(stream, (code) => exits.push(code)); // once per stream
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('EIO');
  });

  it('pacelc design … | head: the reader leaves first, pacelc ends quietly with exit 0', async () => {
    const program = `import { main } from ${JSON.stringify(`${root}src/cli/main.ts`)}; process.exitCode = await main(process.argv.slice(1));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', program, 'design', 'examples/specs/e-commerce.yaml', '--verbose'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // like head -1 after its line: every write now fails with EPIPE
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);
});
