import { describe, expect, it } from 'vitest';
import { matchReplicaClients, replicaBuffersCollector } from '../../src/collectors/replica-buffers.js';
import { SampleSink } from '../../src/exposition/sample.js';
import { ipOfAddr, parseClientList, type ClientEntry } from '../../src/parse/client-list.js';
import { parseInfo, type ReplicaEntry } from '../../src/parse/info.js';

// CLIENT LIST TYPE replica from redis-server 7.0.15 with one replica (captured).
const ONE =
  'id=4 addr=127.0.0.1:38110 laddr=127.0.0.1:37685 fd=7 name= age=2 idle=2 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=3 omem=20504 tot-mem=22272 events=r cmd=psync user=default redir=-1 resp=2\n';

function replica(ip: string, port: string): ReplicaEntry {
  return { ip, port, state: 'online', offset: 0, lag: 0 };
}
function client(id: string, addr: string, omem: number): ClientEntry {
  return { id, ip: ipOfAddr(addr), omem, fields: new Map() };
}

describe('CLIENT LIST parsing', () => {
  it('reads id, the peer ip and omem', () => {
    const [c] = parseClientList(ONE);
    expect(c).toMatchObject({ id: '4', ip: '127.0.0.1', omem: 20504 });
    expect(c?.fields.get('cmd')).toBe('psync');
  });

  it('skips lines without id or addr, and handles IPv6 peers', () => {
    expect(parseClientList('garbage\nid=1 omem=5\n\n')).toEqual([]);
    expect(ipOfAddr('[::1]:6379')).toBe('::1');
    expect(ipOfAddr('::1:6379')).toBe('::1');
  });
});

describe('pairing INFO slaveN with CLIENT LIST', () => {
  it('pairs by IP, and in attach order when several replicas share an IP', () => {
    const rs = [replica('10.0.0.2', '6379'), replica('10.0.0.1', '6380'), replica('10.0.0.1', '6381')];
    const cs = [client('7', '10.0.0.1:40000', 1), client('8', '10.0.0.2:40001', 2), client('9', '10.0.0.1:40002', 3)];
    const m = matchReplicaClients(rs, cs);
    expect(m.get(rs[0] as ReplicaEntry)?.id).toBe('8');
    expect(m.get(rs[1] as ReplicaEntry)?.id).toBe('7');
    expect(m.get(rs[2] as ReplicaEntry)?.id).toBe('9');
  });

  it('pairs a lone replica whose announced IP differs from its peer address', () => {
    const rs = [replica('203.0.113.5', '6379')];
    const cs = [client('7', '172.17.0.3:51000', 9)];
    expect(matchReplicaClients(rs, cs).get(rs[0] as ReplicaEntry)?.id).toBe('7');
  });

  it('leaves out an IP whose counts disagree (a replica came or went in between)', () => {
    const rs = [replica('10.0.0.1', '6380'), replica('10.0.0.1', '6381'), replica('10.0.0.2', '6379')];
    const cs = [client('7', '10.0.0.1:40000', 1), client('8', '10.0.0.2:40001', 2)];
    const m = matchReplicaClients(rs, cs);
    expect([...m.keys()].map((r) => r.port)).toEqual(['6379']);
  });

  it('emits redis_replica_output_buffer_bytes with the listening port as slave_port', () => {
    const info = parseInfo('# Replication\r\nrole:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=10,lag=0\r\n');
    const sink = new SampleSink();
    replicaBuffersCollector().collect({ info, config: undefined, now: 0, redisUp: true, extras: { replicaClients: parseClientList(ONE) } }, sink);
    expect(sink.samples).toHaveLength(1);
    expect(sink.samples[0]).toMatchObject({ name: 'redis_replica_output_buffer_bytes', value: 20504, labels: { slave_ip: '127.0.0.1', slave_port: '6380' } });
  });
});
