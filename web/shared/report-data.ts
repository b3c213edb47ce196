// What every report page starts from: the data the writer inlined (src/lab/render-report.ts puts
// it in <script type="application/json" id="pacelc-data">), and the mark that it is drawn.

/** The JSON the report writer inlined into the page. */
export function readReportData<Data>(): Data {
  const element = document.getElementById('pacelc-data');
  if (element === null) throw new Error('pacelc report: the page holds no #pacelc-data element');
  return JSON.parse(element.textContent ?? 'null') as Data;
}

/**
 * Marks the page as drawn and ready for input, once the frame that shows the drawing has been
 * produced: `<body data-state="ready">` (what the browser tests and bench/lab.bench.ts wait for) and
 * a `pacelc:interactive` performance mark (`pacelc:drawn` marks the end of the drawing code).
 */
export function markReady(): void {
  performance.mark('pacelc:drawn');
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      performance.mark('pacelc:interactive');
      document.body.dataset['state'] = 'ready';
    }),
  );
}

/** Shows an error in the page instead of a blank one, and marks the page as failed. */
export function showFatal(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const box = document.createElement('pre');
  box.className = 'fatal';
  box.textContent = `This report could not be drawn: ${message}`;
  document.getElementById('report')?.replaceChildren(box);
  document.body.dataset['state'] = 'failed';
}

/** Runs a report's drawing code once the page is parsed; an exception shows in the page. */
export function startReport(draw: () => void): void {
  const run = (): void => {
    try {
      draw();
      markReady();
    } catch (error) {
      showFatal(error);
      throw error;
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run, { once: true });
  else run();
}
