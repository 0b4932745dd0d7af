using Compiled.Checkpointing.Storage;
using Compiled.Cluster.Control;
using Compiled.Cluster.Coordination;

namespace Compiled.Cluster.Rest;

/// <summary>Turns the coordinator's status board into the REST API's documents.</summary>
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
                string state = t.IsFinished ? "FINISHED" : t.IsFinishing ? "FINISHING" : t.IsRunning ? "RUNNING" : board.State == "RUNNING" ? "DEPLOYING" : board.State;
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
}
