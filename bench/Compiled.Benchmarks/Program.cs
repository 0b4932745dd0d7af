namespace Compiled.Benchmarks;

/// <summary>Entry point of <c>./build.sh bench</c>; see <see cref="BenchCommand"/>.</summary>
internal static class Program
{
    private static int Main(string[] args) => BenchCommand.Run(args, Console.Out, Console.Error);
}
