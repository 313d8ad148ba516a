import { useEffect, useRef, useState } from 'react';
import { FormattedMessage } from 'react-intl';

type EChartsOption = Record<string, unknown>;

/**
 * An ECharts chart, with the library loaded only when a chart is shown. The chart is an image for
 * assistive technology (role="img" with a label); the page puts the same numbers in a table beside it.
 */
export function Chart({ option, label, height = 320 }: { option: EChartsOption; label: string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: unknown): void; dispose(): void; resize(): void } | null = null;
    const onResize = () => chart?.resize();
    import('./echarts.ts')
      .then(({ echarts }) => {
        if (disposed || !ref.current) return;
        chart = echarts.init(ref.current, null, { renderer: 'svg' });
        chart.setOption({ animation: false, ...option });
        window.addEventListener('resize', onResize);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  if (failed) {
    return (
      <p className="hint">
        <FormattedMessage id="common.chartFailed" />
      </p>
    );
  }
  return <div ref={ref} className="chart" role="img" aria-label={label} style={{ blockSize: height }} />;
}
