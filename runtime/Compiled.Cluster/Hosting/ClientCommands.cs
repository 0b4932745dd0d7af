using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using Compiled.Cluster.Rest;

namespace Compiled.Cluster.Hosting;

/// <summary>
/// <c>list</c>, <c>status</c>, <c>cancel</c>, <c>savepoint</c> and <c>stop</c>: requests to a running coordinator's
/// REST API (127.0.0.1:8081 unless <c>--rest</c> says otherwise). In application mode a coordinator runs one job, so the
/// job id may be left out.
/// </summary>
internal static class ClientCommands
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error)
    {
        yield return Client("list", "Lists the coordinator's jobs.", output, error, needsDirectory: false, async (http, _, _, _) =>
        {
            var jobs = await http.GetFromJsonAsync("jobs", RestJsonContext.Default.ListJobSummary).ConfigureAwait(false) ?? [];
            foreach (var job in jobs) await output.WriteLineAsync($"{job.Id}  {job.State,-18} {job.Name}").ConfigureAwait(false);
            return 0;
        });
        yield return Client("status", "Shows what the job and each of its subtasks are doing.", output, error, needsDirectory: false, async (http, id, _, _) =>
        {
            var job = await http.GetFromJsonAsync($"jobs/{id}", RestJsonContext.Default.JobDetails).ConfigureAwait(false);
            if (job is null) return 1;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{job.Name} ({job.Id}): {job.State}, attempt {job.Attempt}, {job.Restarts} restarts, {job.CompletedCheckpoints} checkpoints, {job.DurationMillis / 1000.0:0.0} s")).ConfigureAwait(false);
            foreach (var vertex in job.Vertices)
            {
                await output.WriteLineAsync($"  [{vertex.Id}] {vertex.Name} (parallelism {vertex.Parallelism})").ConfigureAwait(false);
                foreach (var s in vertex.Subtasks)
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"      {s.Subtask + 1}/{vertex.Parallelism} on worker {s.Worker}: {s.State}, in {s.RecordsIn}, out {s.RecordsOut}, backpressure {s.Backpressure:P0}, watermark {s.Watermark?.ToString(CultureInfo.InvariantCulture) ?? "-"}")).ConfigureAwait(false);
            }
            return 0;
        });
        yield return Client("cancel", "Cancels the job (no savepoint).", output, error, needsDirectory: false, async (http, id, _, _) =>
        {
            using var response = await http.PostAsync($"jobs/{id}/cancel", null).ConfigureAwait(false);
            return await Report(response, "cancel requested", output, error).ConfigureAwait(false);
        });
        yield return Client("savepoint", "Takes a savepoint into --savepoint-dir while the job keeps running.", output, error, needsDirectory: true, (http, id, dir, _) =>
            Savepoint(http, $"jobs/{id}/savepoints", dir!, output, error));
        yield return Client("stop", "Takes a savepoint into --savepoint-dir, then stops the job.", output, error, needsDirectory: true, (http, id, dir, _) =>
            Savepoint(http, $"jobs/{id}/stop", dir!, output, error));
    }

    private static async Task<int> Savepoint(HttpClient http, string path, string directory, TextWriter output, TextWriter error)
    {
        using var response = await http.PostAsJsonAsync(path, new SavepointRequest(Path.GetFullPath(directory)), RestJsonContext.Default.SavepointRequest).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) return await Report(response, "", output, error).ConfigureAwait(false);
        var result = await response.Content.ReadFromJsonAsync(RestJsonContext.Default.SavepointResult).ConfigureAwait(false);
        await output.WriteLineAsync($"savepoint {result?.Id} at {result?.Path}").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> Report(HttpResponseMessage response, string success, TextWriter output, TextWriter error)
    {
        if (response.IsSuccessStatusCode)
        {
            await output.WriteLineAsync(success).ConfigureAwait(false);
            return 0;
        }
        string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        await error.WriteLineAsync($"error: {(int)response.StatusCode} {body.Trim()}").ConfigureAwait(false);
        return 1;
    }

    private static Command Client(string name, string description, TextWriter output, TextWriter error, bool needsDirectory,
        Func<HttpClient, string, string?, CancellationToken, Task<int>> run)
    {
        var rest = new Option<string>("--rest") { Description = "The coordinator's REST address, HOST:PORT", DefaultValueFactory = _ => "127.0.0.1:8081" };
        var job = new Option<string>("--job") { Description = "Job id (default: the coordinator's job)", DefaultValueFactory = _ => "current" };
        var directory = new Option<string>("--savepoint-dir") { Description = "Directory for the savepoint", Required = true };
        var command = new Command(name, description) { rest, job };
        if (needsDirectory) command.Options.Add(directory);
        command.SetAction((result, cancellation) => ClusterCommandLine.Guarded(error, async () =>
        {
            var endpoint = Endpoints.Parse("--rest", result.GetValue(rest)!);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint}/"), Timeout = TimeSpan.FromMinutes(2) };
            try
            {
                return await run(http, Uri.EscapeDataString(result.GetValue(job)!), needsDirectory ? result.GetValue(directory) : null, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await error.WriteLineAsync($"error: no coordinator answers at {endpoint} ({ex.Message}); is it running with --rest {endpoint}?").ConfigureAwait(false);
                return 1;
            }
        }));
        return command;
    }
}
