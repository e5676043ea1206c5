import { useState } from 'preact/hooks';
import type { Histogram as HistogramReply } from '../api.js';
import { useT } from '../i18n.js';
import { formatInZone } from '../zonedTime.js';

const WIDTH = 600;
const HEIGHT = 120;

/** Matches per bucket on the zone's clock; dragging across bars zooms the search to them. */
export function Histogram({
  reply,
  zone,
  onZoom,
}: {
  reply: HistogramReply;
  zone: string;
  onZoom: (from: string, to: string) => void;
}) {
  const t = useT();
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const { buckets } = reply;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const barWidth = WIDTH / Math.max(1, buckets.length);
  const indexAt = (event: MouseEvent) => {
    const svg = event.currentTarget as SVGSVGElement;
    const box = svg.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * WIDTH;
    return Math.min(buckets.length - 1, Math.max(0, Math.floor(x / barWidth)));
  };
  const low = drag ? Math.min(drag.start, drag.end) : -1;
  const high = drag ? Math.max(drag.start, drag.end) : -1;
  return (
    <section class="histogram" aria-label={t('histogram')}>
      <h2>
        {t('histogram')}{' '}
        <small>
          ({reply.interval}, {zone})
        </small>
      </h2>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${t('histogram')}: ${reply.total}`}
        onMouseDown={(event) => {
          const i = indexAt(event);
          setDrag({ start: i, end: i });
        }}
        onMouseMove={(event) => drag && setDrag({ ...drag, end: indexAt(event) })}
        onMouseUp={() => {
          const first = buckets[low];
          const last = buckets[high];
          setDrag(null);
          if (first && last && high > low) onZoom(first.start, last.end);
        }}
        onMouseLeave={() => setDrag(null)}
      >
        {buckets.map((bucket, i) => {
          const height = (bucket.count / max) * (HEIGHT - 4);
          return (
            <rect
              key={bucket.start}
              class={i >= low && i <= high ? 'bar picked' : 'bar'}
              x={i * barWidth + 0.5}
              y={HEIGHT - height}
              width={Math.max(1, barWidth - 1)}
              height={height}
              data-start={bucket.start}
              data-count={bucket.count}
            >
              <title>{`${formatInZone(bucket.start, zone).slice(0, 16)} — ${bucket.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <p class="axis">
        <span>{buckets[0] ? formatInZone(buckets[0].start, zone).slice(0, 16) : ''}</span>
        <span>{buckets.at(-1) ? formatInZone(buckets.at(-1)?.end ?? '', zone).slice(0, 16) : ''}</span>
      </p>
      <small>{t('histogramHint')}</small>
    </section>
  );
}
