import request from 'supertest';
import { BaseConfig, createLogger, createServiceApp, loadConfig, type TrustProxy } from '../src';

/** A service app whose one route answers the client address express settled on. */
const appTrusting = (trustProxy: TrustProxy) =>
  createServiceApp({
    service: 'test',
    logger: createLogger('test', 'silent'),
    readiness: { isReady: () => Promise.resolve(true) },
    trustProxy,
    routes: (app) => app.get('/ip', (req, res) => res.json({ ip: req.ip })),
  });

const trustProxyOf = (value?: string) =>
  loadConfig(BaseConfig, {
    APP_ID: 'auth',
    APP_PORT: '3001',
    ...(value !== undefined && { TRUST_PROXY: value }),
  }).TRUST_PROXY;

const ipSeenBy = async (trustProxy: TrustProxy, forwardedFor: string) =>
  (await request(appTrusting(trustProxy)).get('/ip').set('x-forwarded-for', forwardedFor)).body
    .ip as string;

describe('TRUST_PROXY', () => {
  it('is off by default, so X-Forwarded-For cannot choose the client address', async () => {
    const trustProxy = trustProxyOf();

    expect(trustProxy).toBe(false);
    expect(await ipSeenBy(trustProxy, '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
  });

  it('with a hop count, takes the client from that many trusted proxies', async () => {
    expect(trustProxyOf('1')).toBe(1);
    expect(await ipSeenBy(trustProxyOf('1'), '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(await ipSeenBy(trustProxyOf('2'), '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('with addresses or ranges, trusts only proxies there', async () => {
    const loopback = trustProxyOf('loopback, 10.0.0.0/8');
    const elsewhere = trustProxyOf('10.0.0.0/8,fd00::/8');

    expect(loopback).toEqual(['loopback', '10.0.0.0/8']);
    expect(await ipSeenBy(loopback, '203.0.113.7')).toBe('203.0.113.7');
    expect(await ipSeenBy(elsewhere, '203.0.113.7')).toMatch(/127\.0\.0\.1$/);
  });

  it.each(['0', 'false', ''])('"%s" turns it off', (value) => {
    expect(trustProxyOf(value)).toBe(false);
  });

  it('refuses `true`, which would let any client name its own address', () => {
    expect(() => trustProxyOf('true')).toThrow(/TRUST_PROXY: trusting every hop/);
  });

  it('refuses what is not an address, range or preset, and names it', () => {
    expect(() => trustProxyOf('10.0.0.0/8, proxy.local, 10.0.0.0/40')).toThrow(
      /TRUST_PROXY: .*proxy\.local, 10\.0\.0\.0\/40/,
    );
  });
});
