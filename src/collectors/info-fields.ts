import { METRICS_BY_FIELD } from '../exposition/info-field-table.js';
import { infoValue, type Collector } from './types.js';

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
      for (const m of metrics) sink.add(m.name, m.type, m.help, m.scale === undefined ? value : value * m.scale);
    }
  },
};
