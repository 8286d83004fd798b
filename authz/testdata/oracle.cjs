// Drives @cloud-copilot/iam-simulate, the differential test's oracle, over
// a file of cases written by the Go test (TestDifferential): one JSON array
// of cases in, one JSON line per case out, {"id", "decision"} or
// {"id", "error"}. The package is installed by scripts/differential.sh into
// a scratch folder given as ORACLE_DIR; it is never vendored.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const dir = process.env.ORACLE_DIR;
if (!dir) {
  console.error('ORACLE_DIR must name the folder where the oracle is installed');
  process.exit(2);
}
const req = createRequire(path.join(dir, 'package.json'));
const pkgMain = req.resolve('@cloud-copilot/iam-simulate');
const base = path.dirname(pkgMain);
const { loadPolicy } = req('@cloud-copilot/iam-policy');
const { authorize } = require(path.join(base, 'core_engine', 'CoreSimulatorEngine.js'));
const { RequestContextImpl } = require(path.join(base, 'requestContext.js'));
const { AwsRequestImpl } = require(path.join(base, 'request', 'request.js'));
const { DiscoveryContextKeyConstraints } = require(path.join(base, 'context_keys', 'discoveryContextKeyConstraints.js'));

const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const out = [];
for (const c of cases) {
  try {
    const named = (p, i, kind) => loadPolicy(p, { name: `${kind}${i}` });
    const levels = (ls, kind) =>
      (ls || []).map((lv, i) => ({ orgIdentifier: `${kind}-level-${i}`, policies: lv.map((p, j) => named(p, `${i}-${j}`, kind)) }));
    const request = new AwsRequestImpl(
      c.principal === '' ? { type: 'Anonymous' } : c.principal,
      { resource: c.resource, accountId: c.resourceAccount },
      c.action,
      new RequestContextImpl(c.context || {})
    );
    const analysis = authorize({
      request,
      sessionPolicy: c.sessionPolicy ? named(c.sessionPolicy, 0, 'session') : undefined,
      identityPolicies: (c.identity || []).map((p, i) => named(p, i, 'identity')),
      serviceControlPolicies: levels(c.scps, 'scp'),
      resourceControlPolicies: levels(c.rcps, 'rcp'),
      resourcePolicy: c.resourcePolicy ? named(c.resourcePolicy, 0, 'resource') : undefined,
      permissionBoundaries: c.boundary ? [named(c.boundary, 0, 'boundary')] : undefined,
      vpcEndpointPolicies: undefined,
      simulationParameters: {
        simulationMode: 'Strict',
        discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([])
      },
      serviceSettings: { s3: {} }
    });
    out.push(JSON.stringify({ id: c.id, decision: analysis.result }));
  } catch (e) {
    out.push(JSON.stringify({ id: c.id, error: String(e && e.message ? e.message : e) }));
  }
}
process.stdout.write(out.join('\n') + '\n');
