import { useState } from 'preact/hooks';
import { useT } from '../i18n.js';
import { browserZone, COMMON_ZONES, isZone } from '../zonedTime.js';

/** The zone times are shown and read in: a list of common ones, and any IANA name typed. */
export function TimeZonePicker({ zone, onChange }: { zone: string; onChange: (zone: string) => void }) {
  const t = useT();
  const [text, setText] = useState(zone);
  const zones = [...new Set([browserZone(), ...COMMON_ZONES, zone])];
  return (
    <label class="zone">
      {t('zone')}{' '}
      <input
        name="zone"
        list="rireki-zones"
        value={text}
        aria-invalid={!isZone(text)}
        onInput={(event) => {
          const next = event.currentTarget.value;
          setText(next);
          if (isZone(next)) onChange(next);
        }}
      />
      <datalist id="rireki-zones">
        {zones.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </label>
  );
}
