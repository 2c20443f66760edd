import type { Logger } from '../log.js';
import type { ParsedInfo } from '../parse/info.js';
import type { ClassifiedError } from '../redis/classify-error.js';
import { missingInfoSections } from './info-sections.js';

/**
 * The log lines of one target's polls that say what changed, once — never one per poll: the
 * first success, a failure reason, the recovery, a Sentinel where a Redis was expected, INFO
 * sections that are missing, CONFIG GET refused.
 */
export class PollNotices {
  private first = true;
  private lastErrorReason: string | undefined;
  private sentinelWarned = false;
  private missingSections = '';
  private configRefusedWarned = false;
  private closing = false;

  constructor(
    private readonly logger: Logger,
    private readonly target: string,
  ) {}

  /** A poll read INFO; `failedPolls` is how many failed in a row before it. */
  reachable(info: ParsedInfo, failedPolls: number): void {
    const { logger, target } = this;
    if (failedPolls > 0) logger.info({ target, failedPolls }, 'Redis reachable again');
    else if (this.first) logger.info({ target }, 'first poll succeeded');
    this.first = false;
    this.lastErrorReason = undefined;
    this.sentinel(info);
    this.sections(info);
  }

  /** The exporter is shutting down: the poll it cuts short is not Redis failing, so say nothing of it. */
  close(): void {
    this.closing = true;
  }

  /** A poll failed (not counting polls skipped while backing off). */
  failed(error: ClassifiedError): void {
    this.first = false;
    if (this.closing) return;
    if (error.reason === this.lastErrorReason) return;
    this.lastErrorReason = error.reason;
    this.logger.warn({ target: this.target, reason: error.reason, error: error.message }, 'cannot poll Redis; retrying with backoff');
  }

  configRefused(message: string): void {
    if (this.configRefusedWarned) return;
    this.configRefusedWarned = true;
    this.logger.warn({ target: this.target, error: message }, 'CONFIG GET refused; config metrics are off (set --config-command to its renamed name, or "-" to skip it)');
  }

  /** A Sentinel answers INFO but holds no data: say once where to point the exporter instead. */
  private sentinel(info: ParsedInfo): void {
    if (this.sentinelWarned || info.fields.get('redis_mode') !== 'sentinel') return;
    this.sentinelWarned = true;
    this.logger.warn({ target: this.target }, 'this target is a Redis Sentinel, which holds no data: list the master and replicas it manages as targets instead (see docs/deploy.md#sentinel)');
  }

  /** One line when the set of missing INFO sections changes. */
  private sections(info: ParsedInfo): void {
    const missing = missingInfoSections(info);
    const key = missing.join(',');
    if (key === this.missingSections) return;
    this.missingSections = key;
    if (missing.length === 0) return;
    this.logger.warn(
      { target: this.target, sections: missing, redisVersion: info.fields.get('redis_version') ?? 'unknown' },
      `INFO has no ${missing.join(', ')} section${missing.length > 1 ? 's' : ''} (older Redis or a proxy?); the metrics read from ${missing.length > 1 ? 'them' : 'it'} are absent`,
    );
  }
}
