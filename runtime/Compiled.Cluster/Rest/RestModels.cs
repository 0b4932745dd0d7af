using System.Text.Json.Serialization;

namespace Compiled.Cluster.Rest;

/// <summary>A job in <c>GET /jobs</c>.</summary>
public sealed record JobSummary(string Id, string Name, string State);

/// <summary><c>GET /jobs/{id}</c>: the job, its vertices and what every subtask is doing.</summary>
public sealed record JobDetails(string Id, string Name, string State, long Attempt, int Restarts, DateTimeOffset StartTime, DateTimeOffset? EndTime,
    long DurationMillis, string? RestoredFrom, int CompletedCheckpoints, IReadOnlyList<VertexDetails> Vertices);

/// <summary>A vertex (chain of operators) of the plan.</summary>
public sealed record VertexDetails(int Id, string Name, int Parallelism, IReadOnlyList<SubtaskDetails> Subtasks);

/// <summary>One subtask: where it runs, its state and counters (backpressure is the share of time its output was blocked recently).</summary>
public sealed record SubtaskDetails(int Subtask, int Worker, string State, long RecordsIn, long RecordsOut, double Backpressure, long? Watermark);

/// <summary><c>GET /jobs/{id}/checkpoints</c>.</summary>
public sealed record CheckpointsDetails(int Completed, string? Directory, IReadOnlyList<long> Retained, string? RestoredFrom, string? LastSavepoint);

/// <summary>Body of <c>POST /jobs/{id}/savepoints</c> and <c>POST /jobs/{id}/stop</c>.</summary>
public sealed record SavepointRequest(string Directory);

/// <summary>A completed savepoint.</summary>
public sealed record SavepointResult(long Id, string Path);

/// <summary>An error: what went wrong and what to do.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>System.Text.Json source generation for the REST API (no reflection: AOT-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(List<JobSummary>))]
[JsonSerializable(typeof(JobDetails))]
[JsonSerializable(typeof(CheckpointsDetails))]
[JsonSerializable(typeof(SavepointRequest))]
[JsonSerializable(typeof(SavepointResult))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class RestJsonContext : JsonSerializerContext;
