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
}

export function UPlotChart({ options, data, testId, signature }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const plot = new uPlot({ ...options, width: Math.max(200, el.clientWidth) }, data, el);
    el.dataset.painted = 'true';
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(200, el.clientWidth), height: options.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
      delete el.dataset.painted;
    };
  }, [options, data]);
  return <div ref={ref} className="chart" data-testid={testId} data-signature={signature} />;
}
