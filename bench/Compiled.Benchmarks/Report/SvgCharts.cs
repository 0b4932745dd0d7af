using System.Globalization;
using Compiled.Benchmarks.Suite;

namespace Compiled.Benchmarks.Report;

/// <summary>The suite's charts as SVG: throughput per query and variant (grouped bars), and latency distributions (percentile curves).</summary>
internal static class SvgCharts
{
    private const double Left = 70, Right = 20, Top = 60, Bottom = 45;

    /// <summary>Events per second of every query (groups) and variant (bars).</summary>
    public static string Throughput(SuiteReport report)
    {
        var queries = report.Throughput.Select(r => r.Query).Distinct().ToList();
        var series = Variants.InReportOrder(report.Throughput);
        double width = Math.Max(640, Left + Right + queries.Count * (series.Count * 16 + 24));
        const double height = 420;
        var svg = new SvgDocument(width, height);
        svg.Text(Left, 22, "Nexmark throughput per query and variant (million events/s, higher is better)", 15, bold: true);

        double max = NiceCeiling(report.Throughput.Select(r => r.EventsPerSecond / 1e6).DefaultIfEmpty(1).Max());
        double plotHeight = height - Top - Bottom, plotWidth = width - Left - Right;
        double Y(double value) => Top + plotHeight * (1 - value / max);
        for (int tick = 0; tick <= 5; tick++)
        {
            double value = max * tick / 5;
            svg.Line(Left, Y(value), width - Right, Y(value), "#ddd");
            svg.Text(Left - 6, Y(value) + 4, value.ToString("0.#", CultureInfo.InvariantCulture), 11, "end");
        }
        svg.Text(16, Top + plotHeight / 2, "M events/s", 12, "middle", rotate: -90);

        double group = plotWidth / Math.Max(1, queries.Count), bar = group * 0.84 / Math.Max(1, series.Count);
        for (int q = 0; q < queries.Count; q++)
        {
            double x0 = Left + q * group + group * 0.08;
            for (int s = 0; s < series.Count; s++)
            {
                var r = report.Throughput.FirstOrDefault(t => t.Query == queries[q] && t.Variant == series[s].Variant && t.Parallelism == series[s].Parallelism);
                if (r is null) continue;
                double value = r.EventsPerSecond / 1e6, x = x0 + s * bar;
                svg.Rect(x, Y(value), bar - 1, Top + plotHeight - Y(value), SvgDocument.Palette[s % SvgDocument.Palette.Length],
                    string.Create(CultureInfo.InvariantCulture, $"{r.Query} {Label(series[s])}: {value:F2} M events/s"));
                svg.Text(x + bar / 2 + 3, Y(value) - 3, value.ToString(value < 10 ? "0.0#" : "0.0", CultureInfo.InvariantCulture), 8, rotate: -90);
            }
            svg.Text(Left + (q + 0.5) * group, height - Bottom + 18, queries[q], 13, "middle", bold: true);
        }
        svg.Line(Left, Top + plotHeight, width - Right, Top + plotHeight, "#333");
        Legend(svg, series.Select(Label).ToList(), Left, 42, width - Right);
        return svg.ToString();
    }

    /// <summary>Latency at each percentile, one curve per query, logarithmic latency axis.</summary>
    public static string Latency(SuiteReport report)
    {
        var curves = report.Latency.Where(l => l.Samples > 0).ToList();
        const double width = 860, height = 420;
        var svg = new SvgDocument(width, height);
        var settings = report.Settings;
        svg.Text(Left, 22, string.Create(CultureInfo.InvariantCulture,
            $"End-to-end latency at {settings.LatencyEventsPerSecond:N0} events/s (compiled, ms, log scale, lower is better)"), 15, bold: true);
        var percentiles = LatencyResult.Percentiles;
        var values = curves.SelectMany(c => c.Distribution.Select(d => d.Ms)).Where(v => v > 0).DefaultIfEmpty(1).ToList();
        double lo = Math.Pow(10, Math.Floor(Math.Log10(values.Min()))), hi = Math.Pow(10, Math.Ceiling(Math.Log10(values.Max())));
        if (hi <= lo) hi = lo * 10;
        double plotHeight = height - Top - Bottom, plotWidth = width - Left - Right - 170;
        double Y(double ms) => Top + plotHeight * (1 - (Math.Log10(Math.Max(ms, lo)) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo)));
        double X(int i) => Left + plotWidth * i / Math.Max(1, percentiles.Count - 1);
        for (double decade = lo; decade <= hi * 1.0001; decade *= 10)
        {
            svg.Line(Left, Y(decade), Left + plotWidth, Y(decade), "#ddd");
            svg.Text(Left - 6, Y(decade) + 4, decade.ToString(decade < 1 ? "0.###" : "#,0", CultureInfo.InvariantCulture), 11, "end");
        }
        for (int i = 0; i < percentiles.Count; i++)
        {
            svg.Line(X(i), Top, X(i), Top + plotHeight, "#eee", dashed: true);
            svg.Text(X(i), height - Bottom + 18, percentiles[i] == 100 ? "max" : "p" + percentiles[i].ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
        }
        svg.Text(16, Top + plotHeight / 2, "latency (ms)", 12, "middle", rotate: -90);
        for (int c = 0; c < curves.Count; c++)
        {
            string color = SvgDocument.Palette[c % SvgDocument.Palette.Length];
            var points = curves[c].Distribution.Select((d, i) => (X(i), Y(d.Ms))).ToList();
            svg.Polyline(points, color);
            for (int i = 0; i < points.Count; i++)
                svg.Circle(points[i].Item1, points[i].Item2, 3, color, string.Create(CultureInfo.InvariantCulture,
                    $"{curves[c].Query} {(curves[c].Distribution[i].Percentile == 100 ? "max" : "p" + curves[c].Distribution[i].Percentile)}: {curves[c].Distribution[i].Ms:F3} ms"));
            svg.Rect(Left + plotWidth + 20, Top + 4 + c * 20, 12, 12, color);
            svg.Text(Left + plotWidth + 38, Top + 14 + c * 20, $"{curves[c].Query} ({curves[c].Samples:N0} rows)", 11);
        }
        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "#333");
        return svg.ToString();
    }

    private static string Label((string Variant, int Parallelism) s) => Variants.Label(s.Variant, s.Parallelism);

    private static void Legend(SvgDocument svg, List<string> labels, double x, double y, double maxX)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            double w = 24 + labels[i].Length * 6.5;
            if (x + w > maxX)
            {
                x = Left;
                y += 16;
            }
            svg.Rect(x, y - 10, 12, 12, SvgDocument.Palette[i % SvgDocument.Palette.Length]);
            svg.Text(x + 16, y, labels[i], 11);
            x += w;
        }
    }

    /// <summary>1, 2, 2.5, 5 or 10 times a power of ten, at least <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0) return 1;
        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1, 2, 2.5, 5, 10 })
            if (step * power >= value) return step * power;
        return 10 * power;
    }
}
