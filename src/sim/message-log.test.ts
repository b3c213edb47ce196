import { describe, expect, it } from 'vitest';
import { LeaderlessProtocol } from '../replication/leaderless.js';
import { MessageLog } from './message-log.js';
import { runSimulation } from './simulation.js';

describe('MessageLog', () => {
  const run = (messageLog?: MessageLog) =>
    runSimulation({ seed: 3, protocol: new LeaderlessProtocol({ n: 3, w: 2, r: 2 }), workload: { operations: 300, clients: 3 }, faults: { schedule: [{ atMs: 100, durationMs: 200, fault: { kind: 'crash', nodes: [1] } }] }, hashTrace: true, ...(messageLog === undefined ? {} : { messageLog }) });

  it('records the messages of a window, bounded, without changing the run', () => {
    const log = new MessageLog({ fromMs: 90, toMs: 400, maxMessages: 200 });
    const whole = new MessageLog({ fromMs: 90, toMs: 400 });
    run(whole);
    expect(whole.messages.length).toBe(whole.messages.length + whole.notKept);
    expect(whole.messages.length).toBeGreaterThan(200);
    const recorded = run(log);
    expect(recorded.traceSha256).toBe(run().traceSha256);
    expect(log.messages.length).toBe(200);
    expect(log.notKept).toBeGreaterThan(0);
    for (const message of log.messages) {
      expect(message.sentMs).toBeGreaterThanOrEqual(90);
      expect(message.sentMs).toBeLessThan(400);
      if (message.arrivedMs !== undefined) expect(message.arrivedMs).toBeGreaterThanOrEqual(message.sentMs);
      expect(message.label).not.toBe('');
    }
    // node 1 is down from 100 ms to 300 ms: what was sent to it then is dropped on arrival
    const toCrashed = log.messages.filter((message) => message.to === 1 && message.arrivedMs !== undefined && message.arrivedMs > 100 && message.arrivedMs < 300);
    expect(toCrashed.length).toBeGreaterThan(0);
    expect(toCrashed.every((message) => message.dropped === 'down')).toBe(true);
  });

  it('refuses a window that is empty or a bound out of range', () => {
    expect(() => new MessageLog({ fromMs: 10, toMs: 10 })).toThrow(/toMs/);
    expect(() => new MessageLog({ maxMessages: 0 })).toThrow(/maxMessages/);
    expect(() => new MessageLog({ fromMs: -1 })).toThrow(/fromMs/);
  });
});
