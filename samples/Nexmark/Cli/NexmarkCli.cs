using Compiled.Cluster;
using Compiled.Cluster.Hosting;

namespace Nexmark.Cli;

/// <summary>The command-line entry point, callable in-process: parses, runs and maps outcomes to exit codes.</summary>
public static class NexmarkCli
{
    /// <summary>Exit code of a successful run.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a failed job.</summary>
    public const int JobFailed = 1;

    /// <summary>Exit code of bad arguments.</summary>
    public const int BadArguments = 2;

    /// <summary>Runs the command line <paramref name="args"/>; usage goes to <paramref name="output"/>, summaries and errors to <paramref name="error"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (ClusterCommandLine.Handles(args)) return ClusterCommandLine.Run(args, ClusterJobs.Create, output, error);
        CliCommand command;
        try
        {
            command = ArgumentParser.Parse(args);
        }
        catch (UsageException ex)
        {
            error.WriteLine("error: " + ex.Message);
            error.WriteLine("Run 'Nexmark --help' for usage.");
            return BadArguments;
        }

        try
        {
            switch (command)
            {
                case HelpCommand:
                    output.WriteLine(Usage.Text);
                    break;
                case RunCommand run:
                    RunJob.Execute(run, error);
                    break;
                case GenerateCommand generate:
                    GenerateEvents.Execute(generate, error);
                    break;
                case ProduceCommand produce:
                    GenerateEvents.Produce(produce, error);
                    break;
            }

            return Success;
        }
        catch (Exception ex) when (ex is JobExecutionException or IOException or UnauthorizedAccessException or InvalidOperationException or Confluent.Kafka.KafkaException)
        {
            error.WriteLine("error: the job failed: " + ex.Message);
            return JobFailed;
        }
    }
}
