import { parseStreamConsumers, parseStreamGroups, parseStreamInfo, type StreamConsumer, type StreamGroup, type StreamInfo } from '../parse/xinfo.js';
import { isErrorReply, SelectRefused, type SettledPipeline } from './read.js';

/** What redis_exporter 1.45 serves for one checked stream (--check-streams, --check-single-streams). */
export interface StreamReading {
  readonly db: string;
  readonly stream: string;
  readonly info: StreamInfo;
  readonly groups: readonly (StreamGroup & { readonly consumerList: readonly StreamConsumer[] })[];
}

/**
 * XINFO STREAM + XINFO GROUPS of each key (one pipeline), then XINFO CONSUMERS of every group
 * (a second). A key that is not a stream, is missing or lives on another cluster node answers an
 * error and is left out, as in redis_exporter.
 */
export async function readStreams(pipeline: SettledPipeline, db: number, keys: readonly string[]): Promise<StreamReading[]> {
  const select = ['SELECT', String(db)];
  const first = await pipeline([
    select,
    ...keys.flatMap((k) => [
      ['XINFO', 'STREAM', k],
      ['XINFO', 'GROUPS', k],
    ]),
  ]);
  if (first[0]?.status !== 'fulfilled') throw new SelectRefused(db, (first[0] as PromiseRejectedResult | undefined)?.reason);
  const found: { stream: string; info: StreamInfo; groups: StreamGroup[] }[] = [];
  keys.forEach((stream, i) => {
    const info = first[1 + 2 * i];
    const groups = first[2 + 2 * i];
    for (const r of [info, groups]) if (r?.status === 'rejected' && !isErrorReply(r.reason)) throw r.reason;
    if (info?.status !== 'fulfilled' || groups?.status !== 'fulfilled') return;
    found.push({ stream, info: parseStreamInfo(info.value), groups: parseStreamGroups(groups.value) });
  });
  const asks = found.flatMap((s) => s.groups.map((g) => ['XINFO', 'CONSUMERS', s.stream, g.name]));
  const second = asks.length > 0 ? await pipeline([select, ...asks]) : [];
  let at = 1;
  return found.map((s) => ({
    db: `db${db}`,
    stream: s.stream,
    info: s.info,
    groups: s.groups.map((g) => {
      const r = second[at++];
      if (r?.status === 'rejected' && !isErrorReply(r.reason)) throw r.reason;
      return { ...g, consumerList: r?.status === 'fulfilled' ? parseStreamConsumers(r.value) : [] };
    }),
  }));
}
