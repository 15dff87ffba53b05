import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from './errors.js';

/**
 * A fixed-window limiter: in memory on one node, shared through Redis when REDIS_URL is set so
 * the limit holds across nodes.
 */
export function createLimiter(opts: { keyPrefix: string; points: number; durationSeconds: number; redis?: Redis | null }) {
  const limiter: RateLimiterAbstract = opts.redis
    ? new RateLimiterRedis({ storeClient: opts.redis, keyPrefix: opts.keyPrefix, points: opts.points, duration: opts.durationSeconds, useRedisPackage: false })
    : new RateLimiterMemory({ keyPrefix: opts.keyPrefix, points: opts.points, duration: opts.durationSeconds });
  return {
    /** Count one attempt; 429 with Retry-After when over the limit. */
    async hit(key: string): Promise<void> {
      try {
        await limiter.consume(key);
      } catch (e) {
        if (e instanceof RateLimiterRes) throw tooMany(e);
        throw e;
      }
    },
    /** 429 when the key is already over the limit, without counting. */
    async check(key: string): Promise<void> {
      const res = await limiter.get(key);
      if (res && res.consumedPoints >= opts.points) throw tooMany(res);
    },
    async reset(key: string): Promise<void> {
      await limiter.delete(key);
    },
  };
}

function tooMany(res: RateLimiterRes): AppError {
  const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  return new AppError(429, 'rate_limited', 'Too many requests', `Too many attempts; try again in ${seconds} s`, undefined, { 'retry-after': String(seconds) });
}
export type Limiter = ReturnType<typeof createLimiter>;
