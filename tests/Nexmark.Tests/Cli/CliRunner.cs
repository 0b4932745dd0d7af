using Nexmark.Cli;

namespace Nexmark.Tests.Cli;

/// <summary>Runs the Nexmark command line in-process and captures its streams.</summary>
public static class CliRunner
{
    /// <summary>The exit code, standard output and standard error of <c>Nexmark args…</c>.</summary>
    public static (int ExitCode, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = NexmarkCli.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
