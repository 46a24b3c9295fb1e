// A uPlot chart that follows its container's width; rebuilt when its options or data change.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

interface Props {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
  testId: string;
  /** Exposed as data-signature so tests (and people debugging) can tell that the data changed. */
  signature: string;
  /** When set, nothing is drawn: the chart says this instead of showing empty axes. */
  empty?: string | null;
}

export function UPlotChart({ options, data, testId, signature, empty }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || empty) return;
    // The drawn ranges (axis labels are canvas pixels): tests and people debugging read them here.
    const recordRange = (u: uPlot) => {
      el.dataset.range = JSON.stringify({
        x: [u.scales.x?.min, u.scales.x?.max],
        y: [u.scales.y?.min, u.scales.y?.max],
      });
    };
    const hooks = { ...options.hooks, draw: [...(options.hooks?.draw ?? []), recordRange] };
    const plot = new uPlot({ ...options, hooks, width: Math.max(200, el.clientWidth) }, data, el);
    el.dataset.painted = 'true';
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(200, el.clientWidth), height: options.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      delete el.dataset.painted;
      delete el.dataset.range;
    };
  }, [options, data, empty]);
  if (empty)
    return (
      <div className="chart chart-empty" data-testid={testId} data-signature={signature} data-empty="true">
        {empty}
      </div>
    );
  return <div ref={ref} className="chart" data-testid={testId} data-signature={signature} />;
}
