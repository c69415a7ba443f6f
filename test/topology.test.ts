import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Topology } from '../src/graph/topology.ts';
import { rawFromDocument } from '../src/load/raw-from-document.ts';
import { buildModel } from '../src/model/build-model.ts';
import { demoDocument } from './support/snapshots.ts';

// The topology as a graphlib graph: objects are nodes, associations and references named edges;
// NACL and route-table associations resolved once (NACL-1, RT-1), explicit or implicit.
function demoTopology(mutate?: (doc: any) => void): Topology {
  const doc = demoDocument();
  mutate?.(doc);
  return new Topology(buildModel(rawFromDocument(doc, 'demo.json')));
}

const edges = (topology: Topology, from: string, name: string) => (topology.graph.outEdges(from) ?? []).filter((e) => e.name === name).map((e) => e.w);

test('instances, interfaces, groups, subnets and endpoints are nodes joined by named edges', () => {
  const t = demoTopology();
  const g = t.graph;
  assert.is(g.node('i-0demobroken000001').kind, 'instance');
  const [eni] = edges(t, 'i-0demobroken000001', 'has-interface');
  assert.is(g.node(eni!).kind, 'network-interface');
  assert.equal(edges(t, eni!, 'member-of'), ['sg-0demoapp000000001']);
  assert.equal(edges(t, eni!, 'in-subnet'), ['subnet-0demobatch0001']);
  assert.equal(edges(t, 'vpce-0demossm000000000', 'in-vpc'), ['vpc-0demo000000000001']);
  assert.is(edges(t, 'vpce-0demossm000000000', 'has-interface').length, 1);
  assert.equal(edges(t, 'sg-0demodefault00001', 'references'), ['sg-0demodefault00001']);
});

test('associations: explicit edges, else the default NACL / main route table, marked implicit', () => {
  const t = demoTopology((doc) => {
    doc.NetworkAcls[0].Associations = doc.NetworkAcls[0].Associations.filter((a: any) => a.SubnetId !== 'subnet-0demobatch0001');
  });
  const aclEdge = (subnet: string) => (t.graph.outEdges(subnet) ?? []).find((e) => e.name === 'network-acl')!;
  assert.is(aclEdge('subnet-0demoapp000001').w, 'acl-0demodefault00001');
  assert.is(t.graph.edge(aclEdge('subnet-0demoapp000001')).explicit, true);
  assert.is(aclEdge('subnet-0demobatch0001').w, 'acl-0demodefault00001');
  assert.is(t.graph.edge(aclEdge('subnet-0demobatch0001')).explicit, false);
  const tableEdge = (t.graph.outEdges('subnet-0demobatch0001') ?? []).find((e) => e.name === 'route-table')!;
  assert.is(tableEdge.w, 'rtb-0demoprivate00001');
  assert.is(t.graph.edge(tableEdge).explicit, false, 'the main route table');
});

test('the graph and the lookup maps agree', () => {
  const t = demoTopology();
  for (const subnet of t.model.subnets.values()) {
    const viaGraph = (t.graph.outEdges(subnet.id) ?? []).find((e) => e.name === 'network-acl')?.w;
    assert.is(viaGraph, t.networkAclOf(subnet).value?.id);
  }
});

test.run();
