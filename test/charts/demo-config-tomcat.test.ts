// The config-demo and tomcat charts: ConfigMap/Secret consumption, Secrets referenced by name or sealed, and
// the tomcat Service/Ingress pair.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderChart, renderChartError } from './render.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const configChart = path('../../charts/config-demo');
const tomcatChart = path('../../charts/tomcat');

const render = async (chart: string, values: object = {}, valuesFiles: string[] = []) =>
  (await renderChart(chart, { release: basename(chart), namespace: 'demo', values: [values], valuesFiles })).objects;
const one = (objects: any[], kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));

describe('config-demo chart', () => {
  it('consumes the ConfigMap as env and as a whole-directory volume (no subPath, so it hot-updates)', async () => {
    const objects = await render(configChart);
    const configMap = one(objects, 'ConfigMap');
    expect(configMap.data).toMatchObject({ log: '1', lower: '1' });
    const pod = one(objects, 'Deployment').spec.template;
    const container = pod.spec.containers[0];
    const fromConfig = container.env.filter((e: any) => e.valueFrom.configMapKeyRef);
    expect(fromConfig.map((e: any) => [e.name, e.valueFrom.configMapKeyRef.name, e.valueFrom.configMapKeyRef.key])).toEqual([
      ['log_bin', configMap.metadata.name, 'log'],
      ['lower', configMap.metadata.name, 'lower'],
    ]);
    expect(pod.spec.volumes.find((v: any) => v.name === 'config').configMap.name).toBe(configMap.metadata.name);
    for (const mount of container.volumeMounts) expect(mount.subPath).toBeUndefined();
    // No config checksum: rolling the pods on every edit would hide the hot update this chart demonstrates.
    expect(pod.metadata.annotations?.['checksum/config']).toBeUndefined();
  });

  it('reads env from one Secret and mounts listed keys of another as files (the seed: mysql-password, mysecret)', async () => {
    const objects = await render(configChart, {}, [path('../../overlays/prod/values/config-demo.yaml')]);
    const pod = one(objects, 'Deployment').spec.template.spec;
    const container = pod.containers[0];
    const secretRefs = container.env.filter((e: any) => e.valueFrom.secretKeyRef);
    expect(secretRefs.map((e: any) => [e.name, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key])).toEqual([
      ['MYSQL_ROOT_PASSWORD', 'mysql-password', 'password'],
    ]);
    const volume = pod.volumes.find((v: any) => v.name === 'secret').secret;
    expect(volume).toEqual({
      secretName: 'mysecret',
      defaultMode: 0o440,
      items: [
        { key: 'username', path: 'username' },
        { key: 'password', path: 'password' },
      ],
    });
    expect(container.volumeMounts.find((m: any) => m.name === 'secret')).toEqual({ name: 'secret', mountPath: '/etc/secret', readOnly: true });
    expect(objects.filter((o) => o.kind === 'Secret' || o.kind === 'SealedSecret')).toEqual([]);
  });

  it('renders the seed CLI ConfigMaps from literals and chart files, imports the ConfigMap with envFrom', async () => {
    const objects = await render(configChart, {}, [path('../../overlays/prod/values/config-demo.yaml')]);
    expect(one(objects, 'ConfigMap', 'tomcat-config').data).toEqual({ tomcat_port: '8080', server_name: 'myapp.tomcat.com' });
    expect(one(objects, 'ConfigMap', 'www-nginx').data.www).toMatch(/^server \{\n    server_name www\.nginx\.com;\n    listen 80;\n/);
    expect(one(objects, 'ConfigMap', 'mysql-config').data).toEqual({ 'my-server.cnf': 'server-id=1\n', 'my-slave.cnf': 'server-id=2\n' });
    expect(Object.keys(one(objects, 'ConfigMap', 'mysql').data)).toEqual(['master.cnf', 'slave.cnf']);
    const container = one(objects, 'Deployment').spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'config-demo' } }]);
  });

  it('mounts one ConfigMap key as a single subPath file next to the hot-updating directory', async () => {
    const objects = await render(configChart, {}, [path('../../overlays/prod/values/config-demo.yaml')]);
    const pod = one(objects, 'Deployment').spec.template.spec;
    const mount = pod.containers[0].volumeMounts.find((m: any) => m.subPath);
    expect(mount).toEqual({ name: 'subpath', mountPath: '/etc/nginx/conf.d/www.conf', subPath: 'www', readOnly: true });
    expect(pod.volumes.find((v: any) => v.name === 'subpath').configMap).toEqual({ name: 'www-nginx', items: [{ key: 'www', path: 'www' }] });
    expect(pod.containers[0].volumeMounts.find((m: any) => m.name === 'config')).toEqual({ name: 'config', mountPath: '/etc/config', readOnly: true });
  });

  it('refuses a ConfigMap file that the chart does not ship', async () => {
    const error = await renderChartError(configChart, { values: [{ configMaps: { www: { files: { www: 'files/missing.conf' } } } }] });
    expect(error).toContain('configMaps.www.files.www: "files/missing.conf" is not a file of the chart');
  });

  it('renders a SealedSecret, never a Secret, when ciphertexts are provided', async () => {
    const objects = await render(configChart, { secret: { sealed: { encryptedData: { password: 'AgB0ciphertext' } } } });
    const sealed = one(objects, 'SealedSecret');
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata.name).toBe('mysql-password');
    expect(sealed.spec.encryptedData).toEqual({ password: 'AgB0ciphertext' });
    expect(sealed.spec.template.type).toBe('Opaque');
    expect(one(objects, 'Secret')).toBeUndefined();
  });
});

describe('tomcat chart', () => {
  it('exposes http on the Service, and ajp only when asked', async () => {
    const ports = (objects: any[]) => one(objects, 'Service').spec.ports.map((p: any) => [p.name, p.port]);
    expect(ports(await render(tomcatChart))).toEqual([['http', 8080]]);
    expect(ports(await render(tomcatChart, { service: { ajp: true } }))).toEqual([['http', 8080], ['ajp', 8009]]);
    const container = one(await render(tomcatChart), 'Deployment').spec.template.spec.containers[0];
    expect(container.image).toBe('docker.io/library/tomcat:8.5-jre8-alpine');
    expect(container.ports.map((p: any) => [p.name, p.containerPort])).toEqual([['http', 8080], ['ajp', 8009]]);
  });

  it('routes tomcat.lucky.com on class nginx and tomcat8.lucky.com over TLS from a referenced Secret', async () => {
    const objects = await render(tomcatChart, {}, [path('../../overlays/prod/values/tomcat.yaml')]);
    const http = one(objects, 'Ingress', 'tomcat');
    const https = one(objects, 'Ingress', 'tomcat-tls');
    expect(http.spec.ingressClassName).toBe('nginx');
    expect(http.spec.rules[0].host).toBe('tomcat.lucky.com');
    expect(http.spec.tls).toBeUndefined();
    expect(https.spec.ingressClassName).toBe('nginx');
    expect(https.spec.tls).toEqual([{ hosts: ['tomcat8.lucky.com'], secretName: 'tomcat-ingress-secret' }]);
    for (const ingress of [http, https]) {
      expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'tomcat', port: { name: 'http' } });
    }
    expect(objects.filter((o) => o.kind === 'Secret' || o.kind === 'SealedSecret')).toEqual([]);
  });

  it('routes tomcat.lucky.com through the ngx-ds class as well in prod (the seed §18.5.4)', async () => {
    const objects = await render(tomcatChart, {}, [path('../../overlays/prod/values/tomcat.yaml')]);
    const ds = one(objects, 'Ingress', 'tomcat-ngx-ds');
    expect(ds.spec.ingressClassName).toBe('ngx-ds');
    expect(ds.metadata.annotations?.['kubernetes.io/ingress.class']).toBeUndefined();
    expect(ds.spec.rules).toEqual([
      { host: 'tomcat.lucky.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'tomcat', port: { name: 'http' } } } }] } },
    ]);
    expect(one(await render(tomcatChart), 'Ingress', 'tomcat-ngx-ds')).toBeUndefined();
  });

  it('renders the TLS Secret only as a SealedSecret of type kubernetes.io/tls', async () => {
    const encryptedData = { 'tls.crt': 'AgBcert', 'tls.key': 'AgBkey' };
    const objects = await render(tomcatChart, { tlsIngress: { enabled: true, sealedSecret: { encryptedData } } });
    const sealed = one(objects, 'SealedSecret');
    expect(sealed.metadata.name).toBe(one(objects, 'Ingress', 'tomcat-tls').spec.tls[0].secretName);
    expect(sealed.spec.encryptedData).toEqual(encryptedData);
    expect(sealed.spec.template.type).toBe('kubernetes.io/tls');
  });
});
