using System.Diagnostics.Metrics;
using Compiled.Cluster.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Compiled.Cluster.Tests.Metrics;

/// <summary>OpenTelemetry instruments rendered as Prometheus text: names, types, labels and escaping.</summary>
public sealed class PrometheusTextExporterTests
{
    [Fact]
    public void InstrumentsBecomePrometheusSeriesWithOpenTelemetrysNamingAndEscapedLabels()
    {
        string meterName = "Compiled.Tests." + Guid.NewGuid().ToString("N"); // no other test's instruments
        using var meter = new Meter(meterName);
        var exporter = new PrometheusTextExporter();
        using var reader = new BaseExportingMetricReader(exporter);
        using var provider = Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(reader).Build();

        meter.CreateObservableCounter("test.records_in", () => new Measurement<long>(42, new("job", "say \"hi\"\\now"), new("subtask", 3)), description: "Records in");
        meter.CreateObservableGauge("test.backpressure", () => new Measurement<double>(0.25), unit: "1", description: "Blocked share\nof time");
        meter.CreateObservableUpDownCounter("test.workers", () => new Measurement<int>(2));
        Assert.True(reader.Collect());

        string text = exporter.LastText;
        Assert.Contains("# HELP test_records_in_total Records in\n# TYPE test_records_in_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("test_records_in_total{job=\"say \\\"hi\\\"\\\\now\",subtask=\"3\"} 42\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP test_backpressure_ratio Blocked share\\nof time\n# TYPE test_backpressure_ratio gauge\ntest_backpressure_ratio 0.25\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE test_workers gauge\ntest_workers 2\n", text, StringComparison.Ordinal);
    }
}
