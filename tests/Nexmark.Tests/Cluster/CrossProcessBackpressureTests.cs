using System.Text.Json;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>
/// Backpressure across processes: q18 (a keyed exchange that crosses workers, about one result row per bid) with a sink
/// capped at a few thousand rows per second over an input far too large to finish. The sources on every worker are held
/// back by credits: what they emitted stays within the channels' capacity of what the keyed subtasks took in, and every
/// process's resident memory stays flat while twice as much input goes through.
/// </summary>
[Collection(ClusterProcess.Collection)]
public sealed class CrossProcessBackpressureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    // 4 producers x 4 consumers, each channel holding at most its capacity (4 batches of 512) at both ends plus one batch in flight.
    private const long InFlightBound = 4 * 4 * (2 * 4 + 1) * 512;

    // Resident memory a .NET process may add through allocation noise while the data it buffers stays bounded; unbounded
    // buffering of the extra input would add several times this.
    private const long GrowthBound = 40L << 20;

    [Fact]
    public async Task ASlowSinkThrottlesTheProducersOnEveryWorkerAndNoProcessGrows()
    {
        var (coordinator, control, rest) = ClusterProcess.StartCoordinator(
            ["--query", "q18", "--events", "50000000", "--parallelism", "4", "--max-output-rate", "10000"]);
        using (coordinator)
        using (var w1 = ClusterProcess.StartWorker(control, 2))
        using (var w2 = ClusterProcess.StartWorker(control, 2))
        using (var http = new HttpClient { BaseAddress = new Uri($"http://{rest}/") })
        {
            var processes = new[] { coordinator, w1, w2 };
            coordinator.WaitFor(new("Attempt 1: deployed"), Timeout);
            string id = JsonDocument.Parse(await http.GetStringAsync("jobs")).RootElement[0].GetProperty("id").GetString()!;

            // Warm-up: buffers filled, the sink's pace reached the sources.
            var first = await WaitForEmitted(http, id, 60_000);
            long[] before = [.. processes.Select(p => p.ResidentBytes())];
            var peak = (long[])before.Clone();
            Counters second;
            do
            {
                await Task.Delay(200);
                for (int i = 0; i < processes.Length; i++) peak[i] = Math.Max(peak[i], processes[i].ResidentBytes());
                second = await Read(http, id);
                Assert.True(second.InFlight <= InFlightBound, $"{second.InFlight} records between the sources and the keyed subtasks: the sources were not held back");
            }
            while (second.Emitted < 2 * first.Emitted && !coordinator.HasExited);

            Console.WriteLine($"emitted {first.Emitted} -> {second.Emitted}, in flight {second.InFlight}, backpressure {second.SourceBackpressure:0.00}, resident MiB " +
                string.Join(", ", before.Zip(peak, (b, p) => $"{b >> 20} -> {p >> 20}")));
            Assert.True(second.SourceBackpressure > 0.5, $"the sources were blocked {second.SourceBackpressure:P0} of the time");
            for (int i = 0; i < processes.Length; i++)
                Assert.True(peak[i] - before[i] <= GrowthBound,
                    $"process {i} grew from {before[i] >> 20} MiB to {peak[i] >> 20} MiB while the input emitted went from {first.Emitted} to {second.Emitted}");

            var (exit, _, err) = CliRunner.Run("cancel", "--rest", rest);
            Assert.True(exit == 0, err);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
        }
    }

    /// <summary>Records the source vertex sent, records its consumer took in, and the sources' mean backpressure.</summary>
    private sealed record Counters(long Emitted, long Received, double SourceBackpressure)
    {
        public long InFlight => Emitted - Received;
    }

    private static async Task<Counters> Read(HttpClient http, string id)
    {
        using var details = JsonDocument.Parse(await http.GetStringAsync($"jobs/{id}"));
        var vertices = details.RootElement.GetProperty("vertices").EnumerateArray().ToList();
        Assert.True(vertices.Count >= 2);
        var sources = vertices[0].GetProperty("subtasks").EnumerateArray().ToList();
        var consumers = vertices[1].GetProperty("subtasks").EnumerateArray().ToList();
        return new Counters(sources.Sum(s => s.GetProperty("recordsOut").GetInt64()), consumers.Sum(s => s.GetProperty("recordsIn").GetInt64()),
            sources.Average(s => s.GetProperty("backpressure").GetDouble()));
    }

    private static async Task<Counters> WaitForEmitted(HttpClient http, string id, long records)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var counters = await Read(http, id);
            if (counters.Emitted >= records) return counters;
            Assert.True(DateTime.UtcNow < deadline, $"only {counters.Emitted} records emitted");
            await Task.Delay(100);
        }
    }
}
