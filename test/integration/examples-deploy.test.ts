import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { inRepo } from '../helpers/example-runs.js';
import { tempDir } from '../helpers/processes.js';

const manifestText = readFileSync(inRepo('examples/kubernetes/deployment.yaml'), 'utf8');
const docs = parseAllDocuments(manifestText).map((d) => d.toJS() as Record<string, unknown>);
const host = readFileSync(inRepo('examples/docker/host.mjs'), 'utf8');
const dockerfile = readFileSync(inRepo('examples/docker/Dockerfile'), 'utf8');

describe('examples/kubernetes', () => {
  it('validates against the Kubernetes schema (kubernetes-models)', () => {
    assert.deepEqual(
      docs.map((d) => d.kind),
      ['Deployment', 'Service'],
    );
    new Deployment(docs[0] as never).validate();
    new Service(docs[1] as never).validate();
    const broken = structuredClone(docs[0]) as { spec: { replicas: unknown } };
    broken.spec.replicas = 'three';
    assert.throws(() => new Deployment(broken as never).validate(), /replicas must be integer/);
  });

  it('probes /healthz and /readyz; the grace period outlasts preStop plus stopWaitSecs', () => {
    const deployment = new Deployment(docs[0] as never);
    const pod = deployment.spec?.template.spec;
    const [app] = pod?.containers ?? [];
    assert.ok(pod && app);
    assert.equal(app.livenessProbe?.httpGet?.path, '/healthz');
    assert.equal(app.readinessProbe?.httpGet?.path, '/readyz');
    const probes = app.ports?.find((p) => p.name === app.readinessProbe?.httpGet?.port);
    const healthPort = app.env?.find((e) => e.name === 'HEALTH_PORT')?.value;
    assert.equal(String(probes?.containerPort), healthPort, 'probes go to HEALTH_PORT');
    const preStop = app.lifecycle?.preStop?.exec?.command ?? [];
    assert.equal(preStop[0], 'sleep');
    const stopWaits = [...host.matchAll(/stopWaitSecs: (\d+)/g)].map((m) => Number(m[1]));
    assert.ok(stopWaits.length > 0);
    const needed = Number(preStop[1]) + Math.max(...stopWaits);
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    assert.ok(grace > needed, `terminationGracePeriodSeconds ${grace} <= ${needed}`);
  });
});

describe('examples/docker', () => {
  it('the Dockerfile runs the host under tini with the files it copies', () => {
    assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]$/m);
    assert.match(dockerfile, /^CMD \["node", "host.mjs"\]$/m);
    const copied = /^COPY (.+) \.\/$/m.exec(dockerfile.split('RUN npm install')[1] ?? '');
    for (const file of copied?.[1]?.split(' ') ?? []) {
      assert.ok(existsSync(inRepo('examples/docker', file)), `${file} is in examples/docker`);
    }
    assert.match(host, /stdoutLogfile: '\/dev\/stdout'/);
    assert.match(host, /logPrefix: /);
  });

  it('builds with docker where a docker engine runs', async (t) => {
    const engine = spawnSync('docker', ['info'], { stdio: 'ignore' });
    if (engine.error || engine.status !== 0) {
      t.skip('no docker engine here (docker info failed): the image build is skipped');
      return;
    }
    await using context = await tempDir();
    for (const file of ['Dockerfile', 'host.mjs', 'web.js', 'worker.js', '.dockerignore']) {
      copyFileSync(inRepo('examples/docker', file), join(context.path, file));
    }
    // This repository's overseer instead of the registry's: the packed tarball.
    execFileSync('npm', ['pack', '--pack-destination', context.path], { cwd: inRepo() });
    const pkg = JSON.parse(readFileSync(inRepo('examples/docker/package.json'), 'utf8'));
    const tarball = execFileSync('ls', [context.path])
      .toString()
      .match(/overseer-.*\.tgz/)?.[0];
    pkg.dependencies.overseer = `file:./${tarball}`;
    writeFileSync(join(context.path, 'package.json'), JSON.stringify(pkg));
    const dockerfileWithTarball = dockerfile.replace(
      'COPY package.json ./',
      `COPY package.json ${tarball} ./`,
    );
    writeFileSync(join(context.path, 'Dockerfile'), dockerfileWithTarball);
    execFileSync('docker', ['build', '-t', 'overseer-example:test', context.path], {
      stdio: 'inherit',
    });
  });
});
