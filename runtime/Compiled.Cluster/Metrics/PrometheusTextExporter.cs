using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Compiled.Cluster.Metrics;

/// <summary>
/// Renders an OpenTelemetry metric batch in Prometheus text format 0.0.4 (the OpenTelemetry Prometheus exporter is
/// not on the package registry here). Names follow OpenTelemetry's Prometheus mapping: dots become underscores,
/// monotonic sums end in <c>_total</c>, gauges with unit "1" in <c>_ratio</c>.
/// </summary>
internal sealed class PrometheusTextExporter : BaseExporter<Metric>
{
    /// <summary>The text of the last exported batch.</summary>
    public string LastText { get; private set; } = "";

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var text = new StringBuilder();
        foreach (var metric in batch) Append(text, metric);
        LastText = text.ToString();
        return ExportResult.Success;
    }

    private static void Append(StringBuilder text, Metric metric)
    {
        bool counter = metric.MetricType is MetricType.LongSum or MetricType.DoubleSum;
        bool gauge = metric.MetricType is MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic;
        if (!counter && !gauge) return; // no histograms are recorded
        string name = metric.Name.Replace('.', '_') + (counter ? "_total" : metric.Unit == "1" ? "_ratio" : "");
        text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(metric.Description)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(counter ? "counter" : "gauge").Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            text.Append(name);
            AppendLabels(text, point.Tags);
            double value = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                MetricType.LongGauge => point.GetGaugeLastValueLong(),
                _ => point.GetGaugeLastValueDouble(),
            };
            text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
    }

    private static void AppendLabels(StringBuilder text, ReadOnlyTagCollection tags)
    {
        bool first = true;
        foreach (var tag in tags)
        {
            text.Append(first ? '{' : ',').Append(tag.Key).Append("=\"").Append(EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")).Append('"');
            first = false;
        }
        if (!first) text.Append('}');
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string? value) =>
        (value ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
