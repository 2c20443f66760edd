import { FIELD_METRICS, METRICS_BY_FIELD } from '../exposition/info-field-table.js';
import { infoValue, type Collector } from './types.js';

/** Its families: the INFO field table (exposition/info-field-table.ts), one declaration per row. */
export const FAMILIES = FIELD_METRICS;

/** Every plain INFO field in the name table (all three layers), converted and scaled. */
export const infoFieldsCollector: Collector = {
  name: 'info',
  needsRedis: true,
  collect({ info }, sink) {
    // forEach and an indexed loop: for-of made an entry array and iterator results per field
    // (~60 KiB a poll: code runs unoptimised, see config/v8-tiering.ts).
    info.fields.forEach((raw, field) => {
      const metrics = METRICS_BY_FIELD.get(field);
      if (!metrics) return;
      const value = infoValue(raw);
      if (value === undefined) return;
      for (let i = 0; i < metrics.length; i++) {
        const m = metrics[i] as (typeof metrics)[number];
        sink.emit(m, m.scale === undefined ? value : value * m.scale);
      }
    });
  },
};
