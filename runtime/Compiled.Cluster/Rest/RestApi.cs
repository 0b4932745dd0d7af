using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Compiled.Cluster.Coordination;
using Compiled.Cluster.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Rest;

/// <summary>
/// The coordinator's REST API (ASP.NET Core minimal APIs over Kestrel, JSON by source generation). It binds to
/// 127.0.0.1 unless told otherwise: it is unauthenticated, so anyone who can reach it can stop the job.
/// </summary>
public sealed class RestApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RestApi(WebApplication app) => _app = app;

    /// <summary>The address the API listens on.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Starts serving <paramref name="coordinator"/>'s job and <paramref name="metrics"/> on <paramref name="endpoint"/>
    /// (port 0 picks a free one).
    /// </summary>
    internal static async Task<RestApi> StartAsync(ClusterCoordinator coordinator, CoordinatorMetrics metrics, IPEndPoint endpoint, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(endpoint));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        var app = builder.Build();
        Map(app, coordinator, metrics);
        await app.StartAsync().ConfigureAwait(false);
        var api = new RestApi(app);
        var bound = app.Urls.FirstOrDefault() ?? $"http://{endpoint}";
        api.Address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return api;
    }

    private static void Map(IEndpointRouteBuilder routes, ClusterCoordinator coordinator, CoordinatorMetrics metrics)
    {
        var board = coordinator.Status;
        routes.MapGet("/healthz", context => context.Response.WriteAsync("ok\n"));
        routes.MapGet("/jobs", context => Json(context, 200, new List<JobSummary> { JobViews.Summary(board) }, RestJsonContext.Default.ListJobSummary));
        routes.MapGet("/jobs/{id}", context => WithJob(context, board, () =>
            Json(context, 200, JobViews.Details(board, coordinator.CurrentMetrics()), RestJsonContext.Default.JobDetails)));
        routes.MapGet("/jobs/{id}/checkpoints", context => WithJob(context, board, () =>
            Json(context, 200, JobViews.Checkpoints(board), RestJsonContext.Default.CheckpointsDetails)));
        routes.MapPost("/jobs/{id}/savepoints", context => WithJob(context, board, () => SavepointAsync(context, board, stop: false, coordinator)));
        routes.MapPost("/jobs/{id}/stop", context => WithJob(context, board, () => SavepointAsync(context, board, stop: true, coordinator)));
        routes.MapPost("/jobs/{id}/cancel", context => WithJob(context, board, () =>
        {
            coordinator.RequestCancel();
            context.Response.StatusCode = 202;
            return Task.CompletedTask;
        }));
        routes.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(metrics.Scrape());
        });
    }

    private static Task WithJob(HttpContext context, JobStatusBoard board, Func<Task> handle)
    {
        string? id = context.Request.RouteValues["id"] as string;
        return id == board.JobId || id == "current"
            ? handle()
            : Json(context, 404, new ErrorResponse($"No job '{id}': GET /jobs lists the jobs."), RestJsonContext.Default.ErrorResponse);
    }

    private static async Task SavepointAsync(HttpContext context, JobStatusBoard board, bool stop, ClusterCoordinator coordinator)
    {
        SavepointRequest? request;
        try { request = await context.Request.ReadFromJsonAsync(RestJsonContext.Default.SavepointRequest).ConfigureAwait(false); }
        catch (JsonException ex) { request = null; _ = ex; }
        if (request is null || string.IsNullOrWhiteSpace(request.Directory))
        {
            await Json(context, 400, new ErrorResponse("Send a JSON body {\"directory\": \"/path/for/savepoints\"}."), RestJsonContext.Default.ErrorResponse).ConfigureAwait(false);
            return;
        }
        try
        {
            var savepoint = await board.TriggerSavepointAsync(request.Directory).ConfigureAwait(false);
            board.LastSavepoint = savepoint;
            if (stop)
            {
                board.StopRequested = true;
                coordinator.RequestCancel();
            }
            await Json(context, 200, new SavepointResult(savepoint.CheckpointId, savepoint.Path), RestJsonContext.Default.SavepointResult).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or UnauthorizedAccessException)
        {
            await Json(context, 409, new ErrorResponse(ex.Message), RestJsonContext.Default.ErrorResponse).ConfigureAwait(false);
        }
    }

    private static Task Json<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
