using System.Diagnostics;

namespace Compiled.Generators.Tests.Package;

/// <summary>
/// The runtime package as a user gets it: packs Compiled.Runtime, builds a fresh project that only references the
/// package, and runs a [StreamJob] from it — the generators and analyzers must come with the package and the
/// interceptors must be enabled by its build props.
/// </summary>
public class PackageConsumerTests
{
    private const string Job = """
        using Compiled;
        using Compiled.Api;
        using Compiled.Cluster;
        using Compiled.Connectors;

        int Run(bool interpreted)
        {
            var env = new StreamEnvironment(new ExecutionConfig { Parallelism = 2, Interpreted = interpreted });
            var sink = new CollectSink<long>();
            Doubler.Define(env.FromCollection(Enumerable.Range(1, 100).Select(i => (long)i))).SinkTo(sink);
            env.Execute();
            Console.WriteLine($"{(interpreted ? "interpreted" : "compiled")}: {env.Nodes.Count} operators, sum {sink.Results.Sum()}");
            return env.Nodes.Count;
        }

        return Run(false) < Run(true) ? 0 : 1;

        [StreamJob]
        static partial class Doubler
        {
            public static DataStream<long> Define(DataStream<long> values) =>
                values.Filter(static v => v % 2 == 0).Map(static v => v * 2);
        }
        """;

    [Fact]
    public void APackageConsumerGetsCompiledJobs()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string repo = FindRepository();
        string work = Path.Combine(Path.GetTempPath(), "compiled-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            string feed = Path.Combine(work, "feed");
            Dotnet(repo, "pack", "runtime/Compiled.Runtime/Compiled.Runtime.csproj", "--no-build", "-c", configuration, "-o", feed, "-p:PackageVersion=1.0.0-local");

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Compiled.Runtime" Version="1.0.0-local" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), Job);

            string output = Dotnet(app, "run", "-c", "Release");

            Assert.Contains("compiled: 3 operators, sum 5100", output);
            Assert.Contains("interpreted: 4 operators, sum 5100", output);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Compiled.sln"))) return dir.FullName;
        throw new InvalidOperationException("Compiled.sln not found above the test directory.");
    }

    private static string Dotnet(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }
        string output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
