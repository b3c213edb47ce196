// Smoke test: each real service the adapters use answers a real request.
import { Redis } from 'ioredis';
import { connect as connectNats } from 'nats';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { findService } from '../src/testing/services.js';

const postgres = await findService('postgres');
const redis = await findService('redis');
const nats = await findService('nats');

describe.skipIf(!postgres)('PostgreSQL', () => {
  it('answers a query', async () => {
    const client = new pg.Client({ connectionString: postgres?.url });
    await client.connect();
    try {
      const result = await client.query<{ answer: number }>('select 40 + 2 as answer');
      expect(result.rows[0]?.answer).toBe(42);
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(!redis)('Redis', () => {
  it('answers PING and round-trips a key', async () => {
    const client = new Redis(redis?.url ?? '', { lazyConnect: true, maxRetriesPerRequest: 1 });
    await client.connect();
    try {
      expect(await client.ping()).toBe('PONG');
      await client.set('pacelc:smoke', 'ok', 'EX', 5);
      expect(await client.get('pacelc:smoke')).toBe('ok');
    } finally {
      client.disconnect();
    }
  });
});

describe.skipIf(!nats)('NATS JetStream', () => {
  it('has JetStream enabled', async () => {
    const connection = await connectNats({ servers: nats?.url ?? '' });
    try {
      const manager = await connection.jetstreamManager();
      const account = await manager.getAccountInfo();
      expect(account.limits).toBeDefined();
    } finally {
      await connection.close();
    }
  });
});
