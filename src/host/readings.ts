import type { MemInfo } from '../parse/meminfo.js';
import type { DataDirReading } from './data-dir.js';
import type { DiskIoReading } from './disk-io.js';
import type { ThpSettings } from './kernel.js';
import type { PersistenceFiles } from './persistence-files.js';

/**
 * What the host collectors read in one poll. Each field belongs to one area (see collectors/host-*.ts); a
 * field is absent when its area failed or did not run (Redis down for the process areas).
 */
export interface HostReadings {
  readonly memory?: MemInfo;
  readonly overcommitMemory?: number;
  readonly thp?: ThpSettings;
  readonly process?: { readonly pid: number; readonly vmSwapBytes: number | undefined; readonly thpEnabled?: boolean | undefined; readonly rssAnonBytes?: number | undefined };
  readonly anonHugePagesBytes?: number;
  readonly dataDir?: DataDirReading;
  readonly diskIo?: DiskIoReading;
  readonly files?: PersistenceFiles;
}
