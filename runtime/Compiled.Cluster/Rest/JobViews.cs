using System.Globalization;
using System.Text;
using Compiled.Checkpointing.Storage;
using Compiled.Cluster.Control;
using Compiled.Cluster.Coordination;

namespace Compiled.Cluster.Rest;

/// <summary>Turns the coordinator's status board into the REST API's documents and the Prometheus text.</summary>
internal static class JobViews
{
    public static JobSummary Summary(JobStatusBoard board) => new(board.JobId, board.Job.Name, board.State);

    public static JobDetails Details(JobStatusBoard board, IReadOnlyDictionary<(int, int), SubtaskMetrics> metrics)
    {
        var subtasks = board.Subtasks;
        var vertices = board.Job.Plan.Vertices.Select(v => new VertexDetails(v.Id, v.Name, v.Parallelism,
            [.. subtasks.Where(t => t.Vertex == v.Id).OrderBy(t => t.SubtaskIndex).Select(t =>
            {
                metrics.TryGetValue((t.Vertex, t.SubtaskIndex), out var m);
                string state = t.IsFinished ? "FINISHED" : t.IsRunning ? "RUNNING" : board.State == "RUNNING" ? "DEPLOYING" : board.State;
                return new SubtaskDetails(t.SubtaskIndex, t.Worker.Id, state, m.RecordsIn, m.RecordsOut, m.Backpressure,
                    m.Watermark == long.MinValue || m == default ? null : m.Watermark);
            })])).ToList();
        var end = board.EndTime ?? DateTimeOffset.UtcNow;
        return new JobDetails(board.JobId, board.Job.Name, board.State, board.Attempt, board.Restarts, board.StartTime, board.EndTime,
            (long)(end - board.StartTime).TotalMilliseconds, board.RestoredFrom.Length == 0 ? null : board.RestoredFrom, board.CompletedCheckpoints, vertices);
    }

    public static CheckpointsDetails Checkpoints(JobStatusBoard board)
    {
        var config = board.Job.Config.Checkpointing;
        IReadOnlyList<long> retained = config is null ? [] : new FileCheckpointStorage(config.Directory, config.Retained).CompletedIds();
        return new CheckpointsDetails(board.CompletedCheckpoints, config?.Directory, retained,
            board.RestoredFrom.Length == 0 ? null : board.RestoredFrom, board.LastSavepoint?.Path);
    }

    /// <summary>Prometheus text exposition format 0.0.4.</summary>
    public static string Prometheus(JobStatusBoard board, IReadOnlyDictionary<(int, int), SubtaskMetrics> metrics, int workers)
    {
        var text = new StringBuilder();
        string job = Escape(board.Job.Name);
        Metric(text, "compiled_job_up", "gauge", "1 while the job is running", $"{{job=\"{job}\",state=\"{board.State}\"}}", board.State == "RUNNING" ? 1 : 0);
        Metric(text, "compiled_job_restarts_total", "counter", "Restarts after failures", $"{{job=\"{job}\"}}", board.Restarts);
        Metric(text, "compiled_job_checkpoints_completed_total", "counter", "Completed checkpoints", $"{{job=\"{job}\"}}", board.CompletedCheckpoints);
        Metric(text, "compiled_cluster_workers", "gauge", "Registered workers", "", workers);
        var names = board.Job.Plan.Vertices.ToDictionary(v => v.Id, v => Escape(v.Name));
        foreach (var (name, help, type, value) in new (string, string, string, Func<SubtaskMetrics, double>)[]
        {
            ("compiled_subtask_records_in_total", "Records received by the subtask", "counter", m => m.RecordsIn),
            ("compiled_subtask_records_out_total", "Records sent by the subtask", "counter", m => m.RecordsOut),
            ("compiled_subtask_backpressure_ratio", "Share of recent time the subtask's output was blocked", "gauge", m => m.Backpressure),
        })
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var ((vertex, subtask), m) in metrics.OrderBy(kv => kv.Key))
                text.Append(name).Append(CultureInfo.InvariantCulture, $"{{job=\"{job}\",vertex=\"{names.GetValueOrDefault(vertex, "?")}\",subtask=\"{subtask}\"}} ")
                    .Append(value(m).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static void Metric(StringBuilder text, string name, string type, string help, string labels, double value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(labels).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
