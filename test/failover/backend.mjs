// Stand-in for one node's ingress controller in the failover test: answers any request on the HTTP port with the
// host's name, and /healthz on the health port with 200 - or 500 while the file `<stateDir>/<name>.unhealthy` exists.
// Usage: node backend.mjs <name> <httpPort> <healthPort> <stateDir>
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [name, httpPort, healthPort, stateDir] = process.argv.slice(2);

createServer((_req, res) => res.end(`backend ${name}\n`)).listen(Number(httpPort), '0.0.0.0');

createServer((req, res) => {
  const healthy = req.url === '/healthz' && !existsSync(join(stateDir, `${name}.unhealthy`));
  res.statusCode = healthy ? 200 : 500;
  res.end(healthy ? 'ok\n' : 'unhealthy\n');
}).listen(Number(healthPort), '127.0.0.1');
