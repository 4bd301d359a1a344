// Draws each chart of the page from the JSON it carries (<script type="application/json">, see _Chart.cshtml): no inline script,
// so the page keeps its strict CSP. A chart's figures are also in a table on the page, which is all that shows without JavaScript.
(function () {
    if (!window.Chart) return;
    // Bars in the site's blue, limits as a dark dashed line: distinguishable without colour (solid bars vs a dashed line).
    const bar = ['#2563eb', '#93c5fd'];
    const line = '#b91c1c';
    const number = new Intl.NumberFormat('en-US');
    document.querySelectorAll('[data-chart]').forEach((box) => {
        const source = document.getElementById(box.dataset.chart);
        const canvas = box.querySelector('canvas');
        if (!source || !canvas) return;
        const spec = JSON.parse(source.textContent);
        let bars = 0;
        const datasets = spec.series.map((s) => s.kind === 'line'
            ? { type: 'line', label: s.label, data: s.data, borderColor: line, backgroundColor: line, borderDash: [6, 4], borderWidth: 2,
                pointRadius: 4, stepped: 'middle', spanGaps: false, order: 0 }
            : { type: 'bar', label: s.label, data: s.data, backgroundColor: bar[bars++ % bar.length], order: 1 });
        const valueAxis = { beginAtZero: true, title: { display: true, text: spec.unit }, ticks: { callback: (v) => number.format(v) } };
        box.hidden = false;
        new window.Chart(canvas, {
            data: { labels: spec.labels, datasets },
            options: {
                indexAxis: spec.horizontal ? 'y' : 'x',
                responsive: true,
                maintainAspectRatio: false,
                animation: false,
                scales: spec.horizontal ? { x: valueAxis } : { y: valueAxis },
                plugins: {
                    legend: { position: 'bottom' },
                    tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${number.format(spec.horizontal ? c.parsed.x : c.parsed.y)} ${spec.unit}` } },
                },
            },
        });
    });
})();
