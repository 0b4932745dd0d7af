using System.Diagnostics.Metrics;
using Compiled.Cluster.Coordination;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Compiled.Cluster.Metrics;

/// <summary>
/// The coordinator's metrics as OpenTelemetry instruments: job state, restarts, completed checkpoints, registered
/// workers, and per subtask records in/out and backpressure (as the workers last reported them). An OpenTelemetry
/// meter provider reads them for <c>GET /metrics</c> (Prometheus text) and, when the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable is set, pushes them over OTLP as well.
/// </summary>
internal sealed class CoordinatorMetrics : IDisposable
{
    /// <summary>Name of the meter, for collectors that select meters by name.</summary>
    public const string MeterName = "Compiled.Cluster";

    /// <summary>The environment variable that turns on OTLP export (OpenTelemetry's own).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private readonly Meter _meter;
    private readonly MeterProvider _provider;
    private readonly PrometheusTextExporter _prometheus = new();
    private readonly BaseExportingMetricReader _pull;
    private readonly Lock _scrape = new();

    public CoordinatorMetrics(ClusterCoordinator coordinator, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        _meter = new Meter(MeterName);
        Register(_meter, coordinator);
        _pull = new BaseExportingMetricReader(_prometheus);
        var builder = Sdk.CreateMeterProviderBuilder().AddMeter(MeterName).AddReader(_pull);
        if (Environment.GetEnvironmentVariable(OtlpEndpointVariable) is { Length: > 0 } endpoint)
        {
            builder.AddOtlpExporter(); // reads the OTEL_EXPORTER_OTLP_* and OTEL_METRIC_EXPORT_* variables itself
            logger.LogInformation("Metrics are pushed over OTLP to {Endpoint}", endpoint);
        }
        _provider = builder.Build();
    }

    /// <summary>Collects every instrument now and renders the result in Prometheus text format 0.0.4.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            if (!_pull.Collect(timeoutMilliseconds: 5000)) throw new TimeoutException("Collecting the metrics took more than 5 s.");
            return _prometheus.LastText;
        }
    }

    private static void Register(Meter meter, ClusterCoordinator coordinator)
    {
        var board = coordinator.Status;
        KeyValuePair<string, object?> Job() => new("job", board.Job.Name);
        meter.CreateObservableGauge("compiled.job.up", () => new Measurement<int>(board.State == "RUNNING" ? 1 : 0, Job(), new("state", board.State)),
            description: "1 while the job is running");
        meter.CreateObservableCounter("compiled.job.restarts", () => new Measurement<long>(board.Restarts, Job()),
            description: "Restarts after failures");
        meter.CreateObservableCounter("compiled.job.checkpoints_completed", () => new Measurement<long>(board.CompletedCheckpoints, Job()),
            description: "Completed checkpoints");
        meter.CreateObservableUpDownCounter("compiled.cluster.workers", () => new Measurement<int>(coordinator.WorkerCount),
            description: "Registered workers");
        meter.CreateObservableCounter("compiled.subtask.records_in", () => PerSubtask(coordinator, static m => m.RecordsIn),
            description: "Records received by the subtask");
        meter.CreateObservableCounter("compiled.subtask.records_out", () => PerSubtask(coordinator, static m => m.RecordsOut),
            description: "Records sent by the subtask");
        meter.CreateObservableGauge("compiled.subtask.backpressure", () => PerSubtask(coordinator, static m => m.Backpressure), unit: "1",
            description: "Share of recent time the subtask's output was blocked");
    }

    private static IEnumerable<Measurement<T>> PerSubtask<T>(ClusterCoordinator coordinator, Func<Control.SubtaskMetrics, T> value) where T : struct
    {
        var board = coordinator.Status;
        var names = board.Job.Plan.Vertices.ToDictionary(v => v.Id, v => v.Name);
        foreach (var ((vertex, subtask), m) in coordinator.CurrentMetrics().OrderBy(kv => kv.Key))
            yield return new Measurement<T>(value(m), new("job", board.Job.Name), new("vertex", names.GetValueOrDefault(vertex, "?")), new("subtask", subtask));
    }

    public void Dispose()
    {
        _provider.Dispose();
        _meter.Dispose();
    }
}
