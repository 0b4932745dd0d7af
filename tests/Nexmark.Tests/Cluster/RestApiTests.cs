using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nexmark.Tests.Cli;

namespace Nexmark.Tests.Cluster;

/// <summary>The coordinator's REST API over HTTP while a job runs on two workers, and the client commands that use it.</summary>
[Collection(ClusterProcess.Collection)]
public sealed class RestApiTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task RestEndpointsReportTheRunningJobAndStopItWithASavepoint()
    {
        using var dir = new TempDirectory();
        // A slow input (>= 60 s at 5k events/s) keeps the job running through every request below however fast the
        // machine; it is stopped with a savepoint and finished in one process without the cap.
        var (job, expected) = ClusterFailoverTests.Prepare(dir, "q5", "300000", "--max-rate", "5000");
        using var otlp = new OtlpReceiver();
        var (coordinator, control, rest) = ClusterProcess.StartCoordinator(job, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        });
        using var w1 = ClusterProcess.StartWorker(control, 2);
        using var w2 = ClusterProcess.StartWorker(control, 2);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{rest}/") };
        using (coordinator)
        {
            Assert.Equal("ok\n", await http.GetStringAsync("healthz"));
            var jobs = await GetJson(http, "jobs");
            string id = jobs.RootElement[0].GetProperty("id").GetString()!;
            Assert.Equal("nexmark-q5", jobs.RootElement[0].GetProperty("name").GetString());

            // Every subtask runs and records flow: GET /jobs/{id} shows vertices, subtasks, counters and watermarks.
            var details = await PollJson(http, $"jobs/{id}", d =>
                d.GetProperty("state").GetString() == "RUNNING" &&
                Subtasks(d).All(s => s.GetProperty("state").GetString() == "RUNNING") &&
                Subtasks(d).Any(s => s.GetProperty("recordsIn").GetInt64() > 0) &&
                Subtasks(d).Any(s => s.GetProperty("watermark").ValueKind == JsonValueKind.Number));
            var vertices = details.GetProperty("vertices");
            Assert.True(vertices.GetArrayLength() >= 3);
            Assert.All(vertices.EnumerateArray(), v => Assert.Equal(4, v.GetProperty("parallelism").GetInt32()));
            Assert.Equal(new[] { 1, 2 }, Subtasks(details).Select(s => s.GetProperty("worker").GetInt32()).Distinct().Order());
            Assert.Contains(Subtasks(details), s => s.GetProperty("watermark").ValueKind == JsonValueKind.Number);

            var checkpoints = await PollJson(http, $"jobs/{id}/checkpoints", c => c.GetProperty("completed").GetInt32() > 0);
            Assert.NotEqual(0, checkpoints.GetProperty("retained").GetArrayLength());

            // Counters are exported as the subtasks report them: wait until subtask 0 of some vertex has sent records.
            string metrics = await PollText(http, "metrics", m => Regex.IsMatch(m, @"compiled_subtask_records_out_total\{job=""nexmark-q5"",subtask=""0"",vertex=""[^""]+""\} [1-9]"));
            Assert.Contains("# TYPE compiled_subtask_records_in_total counter", metrics, StringComparison.Ordinal);
            Assert.Matches(@"compiled_job_checkpoints_completed_total\{job=""nexmark-q5""\} [1-9]", metrics);
            Assert.Matches(@"compiled_subtask_records_out_total\{job=""nexmark-q5"",subtask=""0"",vertex=""[^""]+""\} [1-9]", metrics);
            Assert.Matches(@"# TYPE compiled_subtask_backpressure_ratio gauge\n(compiled_subtask_backpressure_ratio\{[^}]+\} [0-9.Ee-]+\n)+", metrics);
            Assert.Matches(@"compiled_cluster_workers 2\n", metrics);
            // The same instruments are pushed over OTLP when the standard OpenTelemetry variables say where.
            Assert.True(otlp.Received("/v1/metrics", TimeSpan.FromSeconds(30), "compiled.subtask.records_in", "nexmark-q5"),
                $"no OTLP metrics export arrived; requests: {otlp.Summary()}\n{coordinator.Log}");
            Assert.Contains($"Metrics are pushed over OTLP to {otlp.Endpoint}", coordinator.Log, StringComparison.Ordinal);

            var (exit, output, err) = CliRunner.Run("status", "--rest", rest);
            Assert.True(exit == 0, err);
            Assert.Contains("nexmark-q5", output, StringComparison.Ordinal);
            Assert.Contains("on worker 2: RUNNING", output, StringComparison.Ordinal);

            using var missing = await http.GetAsync("jobs/nope");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            using var badBody = await http.PostAsync($"jobs/{id}/savepoints", JsonContent.Create(new { other = 1 }));
            Assert.Equal(HttpStatusCode.BadRequest, badBody.StatusCode);

            using var savepoint = await http.PostAsync($"jobs/{id}/savepoints", JsonContent.Create(new { directory = dir.File("savepoints") }));
            Assert.Equal(HttpStatusCode.OK, savepoint.StatusCode);
            var saved = JsonDocument.Parse(await savepoint.Content.ReadAsStringAsync()).RootElement;
            Assert.True(File.Exists(Path.Combine(saved.GetProperty("path").GetString()!, "_metadata")));

            // stop: savepoint, then the job ends everywhere and the coordinator exits 0.
            (exit, output, err) = CliRunner.Run("stop", "--rest", rest, "--savepoint-dir", dir.File("stop"));
            Assert.True(exit == 0, err);
            Assert.Matches(@"savepoint \d+ at .*stop", output);
            Assert.True(coordinator.WaitForExit(Timeout) == 0, coordinator.Log);
            Assert.Contains("stopped with a savepoint", coordinator.Log, StringComparison.Ordinal);
            Assert.Equal(0, w1.WaitForExit(Timeout));
            Assert.Equal(0, w2.WaitForExit(Timeout));
        }

        // Finishing from the stop savepoint in one process commits exactly the uninterrupted output.
        string stopSavepoint = Directory.EnumerateDirectories(dir.File("stop")).Single();
        var resumed = CliRunner.Run([.. job.SkipLast(2), "--from-savepoint", stopSavepoint]);
        Assert.True(resumed.ExitCode == 0, resumed.Err);
        ClusterFailoverTests.AssertCommittedEquals(expected, dir.File("out"));
    }

    private static IEnumerable<JsonElement> Subtasks(JsonElement job) =>
        job.GetProperty("vertices").EnumerateArray().SelectMany(v => v.GetProperty("subtasks").EnumerateArray());

    private static async Task<JsonDocument> GetJson(HttpClient http, string path) => JsonDocument.Parse(await http.GetStringAsync(path));

    private static async Task<string> PollText(HttpClient http, string path, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await http.GetStringAsync(path);
            if (until(last)) return last;
            await Task.Delay(50);
        }
        Assert.Fail($"GET /{path} never reached the expected state; last: {last}");
        return last;
    }

    private static async Task<JsonElement> PollJson(HttpClient http, string path, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = (await GetJson(http, path)).RootElement;
            if (until(last)) return last;
            await Task.Delay(50);
        }
        Assert.Fail($"GET /{path} never reached the expected state; last: {last}");
        return last;
    }
}
