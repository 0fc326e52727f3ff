import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { COMPOSE_FILE, flagValue, nativeArgs, readComposeService } from '../../scripts/dev-server';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { loadConfig } from '../../config/env';

const svc = readComposeService();

test('npm start runs the compose command natively: same flags, volume mapped, loopback bound', () => {
  const args = nativeArgs(svc, {}, '/project');
  expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
  expect(flagValue(args, '--ip')).toBe('127.0.0.1');
  expect(flagValue(args, '--db-filename')).toBe('/project/data/temporal/temporal.sqlite');
  // Everything else is the compose file's, word for word.
  const differs = args.filter((a, i) => a !== svc.command[i]);
  expect(differs).toEqual(['127.0.0.1', '/project/data/temporal/temporal.sqlite']);
});

test('tests and a second stack move the ports, the codec server and the data folder, nothing else', () => {
  const args = nativeArgs(svc, { dataDir: '/tmp/x', port: 17233, uiPort: 18233, codecEndpoint: 'http://127.0.0.1:18089' });
  expect(flagValue(args, '--ui-codec-endpoint')).toBe('http://127.0.0.1:18089');
  expect(flagValue(args, '--port')).toBe('17233');
  expect(flagValue(args, '--ui-port')).toBe('18233');
  expect(flagValue(args, '--db-filename')).toBe('/tmp/x/temporal.sqlite');
});

test('the compose file registers exactly the search attributes the workflows set', () => {
  const registered = svc.command.flatMap((a, i) => (svc.command[i - 1] === '--search-attribute' ? [a] : []));
  const TYPE = { KEYWORD: 'Keyword', DATETIME: 'Datetime' } as Record<string, string>;
  expect(registered.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${TYPE[k.type]}`).sort());
});

test('the published ports are the ones the configuration defaults to, on the host\'s loopback only', () => {
  const doc = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, { ports?: unknown[] }> };
  const grpc = flagValue(svc.command, '--port');
  const ui = flagValue(svc.command, '--ui-port');
  expect(doc.services.temporal!.ports).toEqual([`127.0.0.1:${grpc}:${grpc}`, `127.0.0.1:${ui}:${ui}`]);
  // No service publishes a port on every interface (a short "port:port" form binds 0.0.0.0).
  for (const [name, s] of Object.entries(doc.services)) {
    for (const p of s.ports ?? []) expect({ name, port: p, loopback: String(p).startsWith('127.0.0.1:') }).toMatchObject({ loopback: true });
  }
  expect(loadConfig({}).temporal.address).toBe(`127.0.0.1:${grpc}`);
  // The UI's codec server is the one npm start runs by default, on loopback.
  expect(flagValue(svc.command, '--ui-codec-endpoint')).toBe(`http://127.0.0.1:${loadConfig({}).codecServerPort}`);
});
