// The lifecycle chart against the course's §7 manifests, as prod renders it.
import { describe, expect, it } from 'vitest';
import { find, keys, renderEnv } from './course.js';

describe('lifecycle chart (prod)', () => {
  it('§7.3.1 myapp-pod: two nslookup init containers, then the app container', async () => {
    const objects = await renderEnv('lifecycle');
    const pod = find(objects, 'Pod', 'myapp-pod');
    expect(pod.metadata.labels.app).toBe('myapp');
    expect(pod.spec.initContainers.map((c: any) => [c.name, c.image, c.command])).toEqual(
      ['myservice', 'mydb'].map((s) => [
        `init-${s}`,
        'docker.io/library/busybox:1.28',
        ['sh', '-c', `until nslookup ${s}.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for ${s}; sleep 2; done`],
      ]),
    );
    expect(pod.spec.containers[0]).toMatchObject({ name: 'myapp-container', command: ['sh', '-c', 'echo The app is running! && sleep 3600'] });
    // The lookup reads the service-account token's namespace file: the token must stay mounted.
    expect(pod.spec.automountServiceAccountToken).toBeUndefined();
    for (const name of ['myservice', 'mydb']) expect(find(objects, 'Service', name).spec.selector).toBeUndefined();
  });

  it('without its Services myapp-pod waits in Init, as in the course', async () => {
    const objects = await renderEnv('lifecycle', 'prod', [{ initContainers: { services: false } }]);
    expect(keys(objects)).not.toContain('Service/myservice');
    expect(keys(objects)).toContain('Pod/myapp-pod');
  });

  it('§7.3.2 initnginx: wget into the shared emptyDir, nginx serves it, dnsPolicy Default', async () => {
    const pod = find(await renderEnv('lifecycle'), 'Pod', 'initnginx');
    expect(pod.spec.dnsPolicy).toBe('Default');
    const [install] = pod.spec.initContainers;
    expect(install).toMatchObject({ name: 'install', image: 'docker.io/library/busybox:1.28', command: ['wget', '-O', '/work-dir/index.html', 'https://www.baidu.com'] });
    expect(install.volumeMounts).toEqual([{ name: 'workdir', mountPath: '/work-dir' }]);
    const nginx = pod.spec.containers[0];
    expect(nginx).toMatchObject({ name: 'nginx', image: 'docker.io/library/nginx:latest', ports: [{ containerPort: 80 }] });
    expect(nginx.volumeMounts).toContainEqual({ name: 'workdir', mountPath: '/usr/share/nginx/html' });
    expect(pod.spec.volumes).toContainEqual({ name: 'workdir', emptyDir: {} });
  });

  it('§7.4.2 life-demo: postStart writes the page, preStop stops nginx; its root stays writable for the hook', async () => {
    const c = find(await renderEnv('lifecycle'), 'Pod', 'life-demo').spec.containers[0];
    expect(c.name).toBe('lifecycle-demo-container');
    expect(c.lifecycle).toEqual({
      postStart: { exec: { command: ['/bin/sh', '-c', "echo 'lifecycle hookshandler' > /usr/share/nginx/html/test.html"] } },
      preStop: { exec: { command: ['/bin/sh', '-c', 'nginx -s stop'] } },
    });
    expect(c.securityContext.readOnlyRootFilesystem).toBe(false);
  });
});
