using System.CommandLine;
using System.Net;
using Compiled.Cluster.Coordination;
using Compiled.Cluster.Data;
using Compiled.Cluster.Security;
using Compiled.Cluster.Workers;
using Microsoft.Extensions.Logging;

namespace Compiled.Cluster.Hosting;

/// <summary>
/// The cluster roles of a job binary: <c>coordinator</c>, <c>worker</c> and the client commands <c>list</c>,
/// <c>status</c>, <c>cancel</c>, <c>savepoint</c> and <c>stop</c>. Options the coordinator does not know are the job's
/// own arguments: it builds the job from them and sends them to the workers, which build the same job.
/// </summary>
public static class ClusterCommandLine
{
    /// <summary>The commands handled here.</summary>
    public static IReadOnlyList<string> Commands { get; } = ["coordinator", "worker", "list", "status", "cancel", "savepoint", "stop"];

    /// <summary>Whether <paramref name="args"/> name a cluster command.</summary>
    public static bool Handles(IReadOnlyList<string> args) => args is { Count: > 0 } && Commands.Contains(args[0]);

    /// <summary>Runs a cluster command; returns the exit code (0 success, 1 the job or request failed, 2 bad arguments).</summary>
    public static int Run(string[] args, ClusterJobFactory factory, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(factory);
        var root = new RootCommand("Runs the job on a cluster: a coordinator and workers (application mode).");
        root.Subcommands.Add(CoordinatorCommand(factory, error));
        root.Subcommands.Add(WorkerCommand(factory, error));
        foreach (var client in ClientCommands.Create(output, error)) root.Subcommands.Add(client);
        var parsed = root.Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Option<string?> SecretFileOption() => new("--secret-file")
    {
        Description = $"File holding the cluster secret (else the {ClusterSecret.EnvironmentVariable} environment variable); never pass the secret itself on the command line",
    };

    private static Command CoordinatorCommand(ClusterJobFactory factory, TextWriter error)
    {
        var bind = new Option<string>("--bind") { Description = "Control address workers connect to, HOST:PORT", Required = true };
        var secretFile = SecretFileOption();
        var rest = new Option<string>("--rest") { Description = "REST API address, HOST:PORT, or 'off'", DefaultValueFactory = _ => "127.0.0.1:8081" };
        var slotTimeout = new Option<string>("--slot-timeout") { Description = "How long to wait for enough worker slots", DefaultValueFactory = _ => "60s" };
        var heartbeatTimeout = new Option<string>("--heartbeat-timeout") { Description = "Silence after which a worker is lost", DefaultValueFactory = _ => "3s" };
        var flushTimeout = new Option<string>("--flush-timeout") { Description = "Longest wait of a record in a partly filled network batch", DefaultValueFactory = _ => "5ms" };
        var restarts = new Option<int>("--restart-attempts") { Description = "Restarts after failures before the job fails", DefaultValueFactory = _ => 3 };
        var command = new Command("coordinator", "Plans the job, waits for worker slots, deploys subtasks, coordinates checkpoints and restarts after failures. " +
            "Every other option is the job's own (e.g. --parallelism N --checkpoint-dir DIR [--from-savepoint PATH | --from-checkpoint latest] --query q5 ...).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in new Option[] { bind, secretFile, rest, slotTimeout, heartbeatTimeout, flushTimeout, restarts }) command.Options.Add(option);
        command.SetAction((result, cancellation) => Guarded(error, async () =>
        {
            var jobArguments = result.UnmatchedTokens.ToList();
            var secret = ClusterSecret.Load(result.GetValue(secretFile));
            string restText = result.GetValue(rest)!;
            int restartAttempts = result.GetValue(restarts);
            if (restartAttempts < 0) throw new ArgumentException("--restart-attempts must not be negative.");
            var options = new CoordinatorOptions
            {
                Bind = Endpoints.Parse("--bind", result.GetValue(bind)!),
                Rest = restText == "off" ? null : Endpoints.Parse("--rest", restText),
                SlotTimeout = Durations.Parse("--slot-timeout", result.GetValue(slotTimeout)!),
                HeartbeatTimeout = Durations.Parse("--heartbeat-timeout", result.GetValue(heartbeatTimeout)!),
                Data = new DataPlaneOptions { FlushTimeout = Durations.Parse("--flush-timeout", result.GetValue(flushTimeout)!) },
                RestartStrategy = RestartStrategy.FixedDelay(restartAttempts, TimeSpan.FromSeconds(1)),
            };
            var job = factory(jobArguments, ClusterRole.Coordinator);
            using var loggers = ClusterLogging.Create();
            var coordinator = new ClusterCoordinator(options, job, jobArguments, secret, loggers.CreateLogger("coordinator"));
            using var metrics = new Metrics.CoordinatorMetrics(coordinator, loggers.CreateLogger("coordinator"));
            await using var api = options.Rest is { } restEndpoint ? await Rest.RestApi.StartAsync(coordinator, metrics, restEndpoint, loggers).ConfigureAwait(false) : null;
            if (api is not null) loggers.CreateLogger("coordinator").LogInformation("REST API on {Address}", api.Address);
            return await coordinator.RunAsync(cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    private static Command WorkerCommand(ClusterJobFactory factory, TextWriter error)
    {
        var coordinator = new Option<string>("--coordinator") { Description = "The coordinator's control address, HOST:PORT", Required = true };
        var slots = new Option<int>("--slots") { Description = "Slots offered (each runs one subtask of every vertex)", DefaultValueFactory = _ => 1 };
        var secretFile = SecretFileOption();
        var bind = new Option<string>("--bind") { Description = "Interface other workers connect to for data", DefaultValueFactory = _ => "127.0.0.1" };
        var reconnect = new Option<string>("--reconnect-timeout") { Description = "How long to keep trying to reach a lost coordinator", DefaultValueFactory = _ => "30s" };
        var heartbeatTimeout = new Option<string>("--heartbeat-timeout")
        {
            Description = "Silence of the coordinator after which this worker stops its subtasks (the coordinator waits as long before it redeploys them)",
            DefaultValueFactory = _ => "5s",
        };
        var command = new Command("worker", "Registers slots with the coordinator, runs the subtasks it deploys and exchanges records with other workers.");
        foreach (var option in new Option[] { coordinator, slots, secretFile, bind, reconnect, heartbeatTimeout }) command.Options.Add(option);
        command.SetAction((result, cancellation) => Guarded(error, async () =>
        {
            var secret = ClusterSecret.Load(result.GetValue(secretFile));
            if (!IPAddress.TryParse(result.GetValue(bind), out var dataBind)) throw new ArgumentException($"--bind must be an IP address, got '{result.GetValue(bind)}'.");
            int slotCount = result.GetValue(slots);
            if (slotCount < 1) throw new ArgumentException($"--slots must be at least 1, got {slotCount}.");
            var options = new WorkerOptions
            {
                Coordinator = Endpoints.Parse("--coordinator", result.GetValue(coordinator)!),
                Slots = slotCount,
                DataBind = dataBind,
                ReconnectTimeout = Durations.Parse("--reconnect-timeout", result.GetValue(reconnect)!),
                HeartbeatTimeout = Durations.Parse("--heartbeat-timeout", result.GetValue(heartbeatTimeout)!),
            };
            using var loggers = ClusterLogging.Create();
            return await new ClusterWorker(options, secret, factory, loggers.CreateLogger("worker")).RunAsync(cancellation).ConfigureAwait(false);
        }));
        return command;
    }

    /// <summary>Maps configuration mistakes to exit code 2 with the message, so they fail at start and say what to change.</summary>
    internal static async Task<int> Guarded(TextWriter error, Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 2;
        }
    }
}
