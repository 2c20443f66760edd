import { FIELD_METRICS, METRICS_BY_FIELD } from '../exposition/info-field-table.js';
import { infoValue, type Collector } from './types.js';

/** Its families: the INFO field table (exposition/info-field-table.ts), one declaration per row. */
export const FAMILIES = FIELD_METRICS;

/** Every plain INFO field in the name table (all three layers), converted and scaled. */
export const infoFieldsCollector: Collector = {
  name: 'info',
  needsRedis: true,
  collect({ info }, sink) {
    for (const [field, raw] of info.fields) {
      const metrics = METRICS_BY_FIELD.get(field);
      if (!metrics) continue;
      const value = infoValue(raw);
      if (value === undefined) continue;
      for (const m of metrics) sink.emit(m, m.scale === undefined ? value : value * m.scale);
    }
  },
};
