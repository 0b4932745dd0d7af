using Nexmark.Cli;

namespace Nexmark;

/// <summary>The <c>Nexmark</c> executable.</summary>
public static class Program
{
    /// <summary>Runs the command line; see <see cref="Usage.Text"/>.</summary>
    public static int Main(string[] args) => NexmarkCli.Run(args, Console.Out, Console.Error);
}
