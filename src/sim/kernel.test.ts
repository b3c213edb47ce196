import { describe, expect, it } from 'vitest';
import { Random } from '../runtime/random.js';
import { Kernel } from './kernel.js';
import type { NodeContext } from './node.js';

const constant = (ms: number) => ({ latency: { distribution: 'constant' as const, ms } });

describe('Kernel', () => {
  it('delivers messages after the link latency and fires timers on virtual time', () => {
    const kernel = new Kernel({ random: new Random(1), nodeCount: 2, clientCount: 0, network: constant(5) });
    const seen: string[] = [];
    kernel.addNode<string>((context) => ({
      onStart() {
        context.send(1, 'ping');
        context.setTimer(20, 'tick');
      },
      onMessage(from, message) {
        seen.push(`${context.nowMs()} 0 got ${message} from ${from}`);
      },
      onTimer(payload) {
        seen.push(`${context.nowMs()} 0 timer ${String(payload)}`);
      },
    }));
    kernel.addNode<string>((context) => ({
      onMessage(from, message) {
        seen.push(`${context.nowMs()} 1 got ${message} from ${from}`);
        context.send(from, 'pong');
      },
    }));
    kernel.start();
    kernel.runUntil(100);
    expect(seen).toEqual(['5 1 got ping from 0', '10 0 got pong from 1', '20 0 timer tick']);
    expect(kernel.eventsProcessed).toBe(3);
    expect(kernel.nowMs).toBe(100);
  });

  it('a crash loses volatile state and timers; durable storage survives; messages to a down node are dropped', () => {
    const kernel = new Kernel({ random: new Random(1), nodeCount: 2, clientCount: 0, network: constant(1) });
    const log: string[] = [];
    let context0: NodeContext<string> | undefined;
    kernel.addNode<string>((context) => {
      context0 = context;
      let volatile = 0;
      return {
        onStart() {
          context.setTimer(50, 'never after the crash');
        },
        onMessage(_from, message) {
          volatile++;
          context.storage.set('durable', ((context.storage.get('durable') as number | undefined) ?? 0) + 1);
          log.push(`${message} volatile=${volatile} durable=${String(context.storage.get('durable'))}`);
        },
        onTimer(payload) {
          log.push(String(payload));
        },
        onCrash() {
          log.push('crashing');
        },
        onRecover() {
          log.push(`recovered durable=${String(context.storage.get('durable'))}`);
        },
      };
    });
    kernel.addNode<string>((context) => ({
      onStart() {
        context.send(0, 'a');
        context.send(0, 'b');
        context.setTimer(10, 'c');
        context.setTimer(30, 'd');
      },
      onMessage() {},
      onTimer(payload) {
        context.send(0, String(payload));
      },
    }));
    kernel.start();
    kernel.runUntil(5);
    kernel.crash(0);
    expect(kernel.isUp(0)).toBe(false);
    kernel.runUntil(20); // 'c' is dropped: node 0 is down
    kernel.restart(0);
    kernel.runUntil(100);
    expect(log).toEqual(['a volatile=1 durable=1', 'b volatile=2 durable=2', 'crashing', 'recovered durable=2', 'd volatile=1 durable=3']);
    expect(kernel.messagesDropped).toBe(1);
    expect(context0?.storage.get('durable')).toBe(3);
  });

  it('rejects wild drift and runs timers on a drifting clock', () => {
    const kernel = new Kernel({ random: new Random(1), nodeCount: 1, clientCount: 0 });
    const fired: number[] = [];
    let context: NodeContext<never> | undefined;
    kernel.addNode<never>((nodeContext) => {
      context = nodeContext;
      return { onMessage() {}, onTimer: () => void fired.push(nodeContext.nowMs()) };
    });
    kernel.start();
    const clock = kernel.clockOf(0);
    expect(() => clock.setDrift(0, 1)).toThrow(RangeError);
    clock.adjust(0, 500);
    clock.setDrift(0, 0.25); // runs 25% fast
    expect(context?.clockMs()).toBe(500);
    context?.setTimer(100, 'x'); // 100 ms of its clock = 80 ms of virtual time
    kernel.runUntil(1000);
    expect(fired).toEqual([80]);
    expect(context?.clockMs()).toBe(500 + 1250);
    clock.reset(1000);
    expect(context?.clockMs()).toBe(1000);
  });

  it('a partition cuts messages, including those in flight, and healing restores links', () => {
    const kernel = new Kernel({ random: new Random(1), nodeCount: 3, clientCount: 0, network: constant(10) });
    const got: string[] = [];
    const contexts: Array<NodeContext<string>> = [];
    for (let node = 0; node < 3; node++) {
      kernel.addNode<string>((context) => {
        contexts[node] = context;
        return { onMessage: (from, message) => void got.push(`${kernel.nowMs} ${from}->${context.id} ${message}`) };
      });
    }
    kernel.start();
    const [zero, one] = contexts as [NodeContext<string>, NodeContext<string>];
    zero.send(1, 'in flight when cut');
    kernel.at(5, () => kernel.network.partition([[0], [1, 2]]));
    kernel.at(6, () => {
      zero.send(1, 'cut at send');
      one.send(2, 'same side');
      kernel.network.partitionOneWay([2], [1]);
      contexts[2]?.send(1, 'one way: cut');
      one.send(2, 'one way: other direction flows');
    });
    kernel.at(30, () => {
      kernel.network.heal();
      zero.send(1, 'healed');
    });
    kernel.runUntil(100);
    expect(got).toEqual(['16 1->2 same side', '16 1->2 one way: other direction flows', '40 0->1 healed']);
    expect(kernel.messagesDropped).toBe(3);
    kernel.network.isolate(2);
    expect([kernel.network.isBlocked(2, 0), kernel.network.isBlocked(0, 2), kernel.network.isBlocked(0, 1)]).toEqual([true, true, false]);
  });

  it('exposes a Runtime per node so library code can run inside the simulation', async () => {
    const kernel = new Kernel({ random: new Random(3), nodeCount: 1, clientCount: 0 });
    let context: NodeContext<never> | undefined;
    kernel.addNode<never>((nodeContext) => {
      context = nodeContext;
      return { onMessage() {} };
    });
    kernel.start();
    const runtime = (context as NodeContext<never>).runtime;
    const order: string[] = [];
    const handle = runtime.setTimer(30, () => order.push('cancelled'));
    handle.cancel();
    runtime.setTimer(10, () => order.push(`t=${runtime.clock.monotonicMs()}`));
    const slept = runtime.sleep(20).then(() => order.push('slept'));
    kernel.runUntil(100);
    await slept;
    expect(order).toEqual(['t=10', 'slept']);
    expect(typeof runtime.random.float()).toBe('number');
  });

  it('a crash drops what the node sent that has not arrived yet (its in-flight replication dies with it)', () => {
    const kernel = new Kernel({ random: new Random(5), nodeCount: 2, clientCount: 0, network: { latency: { distribution: 'constant', ms: 10 } } });
    const received: string[] = [];
    kernel.addNode<string>((context) => ({ onStart: () => context.send(1, 'sent before the crash'), onMessage() {} }));
    kernel.addNode<string>(() => ({ onMessage: (_from, message) => void received.push(message) }));
    kernel.start();
    kernel.at(5, () => kernel.crash(0));
    kernel.runUntil(100);
    expect(received).toEqual([]);
    expect(kernel.messagesDropped).toBe(1);
  });
});
