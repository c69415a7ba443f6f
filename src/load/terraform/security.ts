import type { Conversion, Item } from './context.ts';
import { asItems, asStrings, protocolText, tagsOf } from './context.ts';
import type { PlanResource } from './plan-json.ts';

// Security groups with their inline rules and the three kinds of separate rule resources; network
// ACLs with inline entries, separate entries and associations; the adopted default group and ACL.

type Direction = 'ingress' | 'egress';
const KEY: Record<Direction, string> = { ingress: 'IpPermissions', egress: 'IpPermissionsEgress' };

export function securityGroup(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const vpcId = c.vpcId(res, id);
  const name = c.known(res, ['name']);
  const exists = c.doc.get('SecurityGroups', id) !== undefined;
  const item: Item = { GroupId: id, GroupName: typeof name === 'string' ? name : res.address, VpcId: vpcId, Tags: tagsOf(c.known(res, ['tags'])) };
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = inlinePermissions(c, res, id, direction);
    // Unknown inline rules: managed by separate rule resources. Terraform removes AWS's default
    // egress rule from a group it creates, so a new group starts empty; a snapshot's group keeps its rules.
    if (rules) item[KEY[direction]] = rules;
    else if (!exists || !c.overSnapshot) item[KEY[direction]] = [];
  }
  c.doc.upsert('SecurityGroups', item, res.address);
}

/** aws_default_security_group: Terraform removes every rule, then adds the configured ones. */
export function defaultSecurityGroup(c: Conversion, res: PlanResource): void {
  const vpcId = c.vpcId(res, c.id(res));
  const id = c.defaultGroupOf(vpcId);
  if (!id) {
    c.doc.note('TERRAFORM_DANGLING', `${res.address}: the default security group of ${vpcId ?? 'its VPC'} is in neither the plan nor the snapshot; it is left out.`);
    return;
  }
  const group = c.doc.edit('SecurityGroups', id)!;
  for (const direction of ['ingress', 'egress'] as const) group[KEY[direction]] = inlinePermissions(c, res, id, direction) ?? [];
}

function inlinePermissions(c: Conversion, res: PlanResource, groupId: string, direction: Direction): Item[] | undefined {
  if (c.isUnknown(res, [direction])) return undefined;
  const blocks = asItems(c.known(res, [direction]));
  const out: Item[] = [];
  blocks.forEach((block, i) => {
    const unknownPeer = ['cidr_blocks', 'ipv6_cidr_blocks', 'prefix_list_ids', 'security_groups'].find((field) => c.isUnknown(res, [direction, i, field]));
    if (unknownPeer || c.isUnknown(res, [direction, i])) {
      c.unresolved(groupId, `${direction}[${i}]`, res, `${res.address}: ${direction}[${i}].${unknownPeer ?? 'rule'} is known only after apply`);
      return;
    }
    out.push(permission(block['protocol'], block['from_port'], block['to_port'], {
      cidrs: asStrings(block['cidr_blocks']),
      ipv6: asStrings(block['ipv6_cidr_blocks']),
      prefixLists: asStrings(block['prefix_list_ids']),
      groups: [...asStrings(block['security_groups']), ...(block['self'] === true ? [groupId] : [])],
    }));
  });
  return out;
}

interface Peers {
  cidrs: string[];
  ipv6: string[];
  prefixLists: string[];
  groups: string[];
}

function permission(protocolValue: unknown, fromPort: unknown, toPort: unknown, peers: Peers): Item {
  const protocol = protocolText(protocolValue);
  const item: Item = { IpProtocol: protocol };
  if (protocol !== '-1') {
    item['FromPort'] = typeof fromPort === 'number' ? fromPort : Number(fromPort ?? 0);
    item['ToPort'] = typeof toPort === 'number' ? toPort : Number(toPort ?? 65535);
  }
  item['IpRanges'] = peers.cidrs.map((CidrIp) => ({ CidrIp }));
  item['Ipv6Ranges'] = peers.ipv6.map((CidrIpv6) => ({ CidrIpv6 }));
  item['PrefixListIds'] = peers.prefixLists.map((PrefixListId) => ({ PrefixListId }));
  item['UserIdGroupPairs'] = peers.groups.map((GroupId) => ({ GroupId }));
  return item;
}

/** The rule a separate rule resource adds: [group id, direction, permission], or undefined (recorded). */
function ruleOf(c: Conversion, res: PlanResource): { groupId: string; direction: Direction; permission: Item } | undefined {
  const owner = c.id(res);
  const groupId = c.string(res, 'security_group_id', owner);
  if (!groupId) return undefined;
  let direction: Direction;
  let peers: Peers;
  let protocol: unknown;
  if (res.type === 'aws_security_group_rule') {
    direction = c.known(res, ['type']) === 'egress' ? 'egress' : 'ingress';
    protocol = c.known(res, ['protocol']);
    const cidrs = c.r.strings(res, 'cidr_blocks');
    const ipv6 = c.r.strings(res, 'ipv6_cidr_blocks');
    const lists = c.r.strings(res, 'prefix_list_ids');
    const source = c.r.string(res, 'source_security_group_id');
    const unknown = [cidrs, ipv6, lists, source].find((v) => !v.known);
    if (unknown && !unknown.known) {
      c.unresolved(groupId, res.address, res, unknown.reason);
      return undefined;
    }
    peers = {
      cidrs: cidrs.known ? cidrs.value : [],
      ipv6: ipv6.known ? ipv6.value : [],
      prefixLists: lists.known ? lists.value : [],
      groups: [...(source.known && source.value ? [source.value] : []), ...(c.known(res, ['self']) === true ? [groupId] : [])],
    };
  } else {
    direction = res.type === 'aws_vpc_security_group_egress_rule' ? 'egress' : 'ingress';
    protocol = c.known(res, ['ip_protocol']);
    const fields = ['cidr_ipv4', 'cidr_ipv6', 'prefix_list_id', 'referenced_security_group_id'].map((f) => c.r.string(res, f));
    const unknown = fields.find((v) => !v.known);
    if (unknown && !unknown.known) {
      c.unresolved(groupId, res.address, res, unknown.reason);
      return undefined;
    }
    const [v4, v6, list, group] = fields.map((v) => (v.known ? v.value : undefined));
    peers = { cidrs: v4 ? [v4] : [], ipv6: v6 ? [v6] : [], prefixLists: list ? [list] : [], groups: group ? [group] : [] };
  }
  return { groupId, direction, permission: permission(protocol, c.known(res, ['from_port']), c.known(res, ['to_port']), peers) };
}

export function securityGroupRule(c: Conversion, res: PlanResource): void {
  const rule = ruleOf(c, res);
  if (!rule) return;
  const group = c.doc.edit('SecurityGroups', rule.groupId);
  if (!group) {
    c.doc.note('TERRAFORM_DANGLING', `${res.address}: security group ${rule.groupId} is in neither the plan nor the snapshot; the rule is left out.`, rule.groupId);
    return;
  }
  const list = asItems(group[KEY[rule.direction]]);
  const text = JSON.stringify(rule.permission);
  if (!list.some((p) => JSON.stringify(p) === text) && !covered(list, rule.permission)) list.push(rule.permission);
  group[KEY[rule.direction]] = list;
}

/** Over a snapshot, a deleted rule resource takes its peers out of the group's permissions. */
export function removeSecurityGroupRule(c: Conversion, res: PlanResource): void {
  const rule = ruleOf(c, res);
  const group = rule && c.doc.edit('SecurityGroups', rule.groupId);
  if (!rule || !group) return;
  const gone = rule.permission;
  const peerKeys: Array<[string, string]> = [['IpRanges', 'CidrIp'], ['Ipv6Ranges', 'CidrIpv6'], ['PrefixListIds', 'PrefixListId'], ['UserIdGroupPairs', 'GroupId']];
  group[KEY[rule.direction]] = asItems(group[KEY[rule.direction]]).flatMap((p) => {
    if (!samePorts(p, gone)) return [p];
    const kept: Item = { ...p };
    for (const [list, field] of peerKeys) {
      const remove = new Set(asItems(gone[list]).map((x) => x[field]));
      kept[list] = asItems(p[list]).filter((x) => !remove.has(x[field]));
    }
    return peerKeys.some(([list]) => asItems(kept[list]).length > 0) ? [kept] : [];
  });
}

function samePorts(a: Item, b: Item): boolean {
  const proto = (p: Item) => protocolText(p['IpProtocol']).replace(/^6$/, 'tcp').replace(/^17$/, 'udp');
  if (proto(a) !== proto(b)) return false;
  if (proto(a) === '-1') return true;
  return Number(a['FromPort']) === Number(b['FromPort']) && Number(a['ToPort']) === Number(b['ToPort']);
}

/** The same protocol, ports and every peer already in one permission (a snapshot groups peers). */
function covered(list: Item[], permission: Item): boolean {
  return list.some((p) => {
    if (!samePorts(p, permission)) return false;
    const has = (key: string, field: string) => asItems(permission[key]).every((x) => asItems(p[key]).some((y) => y[field] === x[field]));
    return has('IpRanges', 'CidrIp') && has('Ipv6Ranges', 'CidrIpv6') && has('PrefixListIds', 'PrefixListId') && has('UserIdGroupPairs', 'GroupId');
  });
}

// ---- network ACLs ----

function aclEntry(block: Item, egress: boolean): Item {
  const protocol = protocolText(block['protocol']);
  const entry: Item = { RuleNumber: Number(block['rule_no'] ?? block['rule_number']), RuleAction: String(block['action'] ?? block['rule_action'] ?? 'deny').toLowerCase(), Protocol: protocol, Egress: egress };
  if (protocol !== '-1' && block['from_port'] !== undefined && block['from_port'] !== null) entry['PortRange'] = { From: Number(block['from_port']), To: Number(block['to_port'] ?? block['from_port']) };
  if (typeof block['cidr_block'] === 'string' && block['cidr_block']) entry['CidrBlock'] = block['cidr_block'];
  else if (typeof block['ipv6_cidr_block'] === 'string' && block['ipv6_cidr_block']) entry['Ipv6CidrBlock'] = block['ipv6_cidr_block'];
  return entry;
}

const DEFAULT_DENY = [false, true].map((egress) => ({ RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: egress, CidrBlock: '0.0.0.0/0' }));

function inlineEntries(c: Conversion, res: PlanResource, aclId: string): Item[] | undefined {
  const out: Item[] = [];
  for (const [direction, egress] of [['ingress', false], ['egress', true]] as const) {
    if (c.isUnknown(res, [direction])) {
      if (c.overSnapshot) return undefined;
      continue;
    }
    asItems(c.known(res, [direction])).forEach((block, i) => {
      if (c.isUnknown(res, [direction, i]) || c.isUnknown(res, [direction, i, 'cidr_block'])) {
        c.unresolved(aclId, `${direction}[${i}]`, res, `${res.address}: ${direction}[${i}] is known only after apply`);
        return;
      }
      const entry = aclEntry(block, egress);
      if (entry['CidrBlock'] || entry['Ipv6CidrBlock']) out.push(entry);
    });
  }
  return [...out, ...DEFAULT_DENY.map((e) => ({ ...e }))];
}

export function networkAcl(c: Conversion, res: PlanResource): void {
  const id = c.id(res);
  const vpcId = c.vpcId(res, id);
  const item: Item = { NetworkAclId: id, VpcId: vpcId ?? `tf:${res.address}.vpc_id`, IsDefault: false, Tags: tagsOf(c.known(res, ['tags'])) };
  const entries = inlineEntries(c, res, id);
  if (entries) item['Entries'] = entries;
  if (!c.doc.get('NetworkAcls', id)) item['Associations'] = [];
  c.doc.upsert('NetworkAcls', item, res.address);
  const subnets = c.strings(res, 'subnet_ids', id);
  if (subnets && (subnets.length > 0 || c.r.configured(res, 'subnet_ids'))) for (const subnetId of subnets) associateAcl(c, id, subnetId);
}

/** aws_default_network_acl: Terraform makes its entries exactly the configured ones. */
export function defaultNetworkAcl(c: Conversion, res: PlanResource): void {
  const id = c.string(res, 'default_network_acl_id', c.id(res));
  const acl = id ? c.doc.edit('NetworkAcls', id) : undefined;
  if (!id || !acl) {
    if (id) c.doc.note('TERRAFORM_DANGLING', `${res.address}: network ACL ${id} is in neither the plan nor the snapshot; it is left out.`, id);
    return;
  }
  const entries: Item[] = [];
  for (const [direction, egress] of [['ingress', false], ['egress', true]] as const) {
    for (const block of c.isUnknown(res, [direction]) ? [] : asItems(c.known(res, [direction]))) entries.push(aclEntry(block, egress));
  }
  acl['Entries'] = [...entries.filter((e) => e['CidrBlock'] || e['Ipv6CidrBlock']), ...DEFAULT_DENY.map((e) => ({ ...e }))];
  for (const subnetId of c.strings(res, 'subnet_ids', id) ?? []) associateAcl(c, id, subnetId);
}

export function networkAclRule(c: Conversion, res: PlanResource): void {
  const aclId = c.string(res, 'network_acl_id', c.id(res));
  const acl = aclId ? c.doc.edit('NetworkAcls', aclId) : undefined;
  if (!aclId || !acl) return;
  const cidr = c.r.string(res, 'cidr_block');
  if (!cidr.known) {
    c.unresolved(aclId, res.address, res, cidr.reason);
    return;
  }
  const egress = c.known(res, ['egress']) === true;
  const entry = aclEntry({ ...res.values, cidr_block: cidr.value }, egress);
  if (!entry['CidrBlock'] && !entry['Ipv6CidrBlock']) return;
  acl['Entries'] = [...asItems(acl['Entries']).filter((e) => !(Number(e['RuleNumber']) === entry['RuleNumber'] && Boolean(e['Egress']) === egress)), entry];
}

export function removeNetworkAclRule(c: Conversion, res: PlanResource): void {
  const aclId = res.values['network_acl_id'];
  const acl = typeof aclId === 'string' ? c.doc.edit('NetworkAcls', aclId) : undefined;
  if (!acl) return;
  const egress = res.values['egress'] === true;
  const number = Number(res.values['rule_number']);
  acl['Entries'] = asItems(acl['Entries']).filter((e) => !(Number(e['RuleNumber']) === number && Boolean(e['Egress']) === egress));
}

export function networkAclAssociation(c: Conversion, res: PlanResource): void {
  const owner = c.id(res);
  const aclId = c.string(res, 'network_acl_id', owner);
  const subnetId = c.string(res, 'subnet_id', aclId ?? owner);
  if (aclId && subnetId) associateAcl(c, aclId, subnetId);
}

/** A subnet has one network ACL: it leaves the one it had. */
function associateAcl(c: Conversion, aclId: string, subnetId: string): void {
  if (!c.doc.get('NetworkAcls', aclId)) return;
  for (const other of c.doc.editWhere('NetworkAcls', (a) => a['NetworkAclId'] !== aclId && asItems(a['Associations']).some((x) => x['SubnetId'] === subnetId))) {
    other['Associations'] = asItems(other['Associations']).filter((x) => x['SubnetId'] !== subnetId);
  }
  const acl = c.doc.edit('NetworkAcls', aclId)!;
  const associations = asItems(acl['Associations']);
  if (!associations.some((x) => x['SubnetId'] === subnetId)) acl['Associations'] = [...associations, { NetworkAclId: aclId, SubnetId: subnetId }];
}
