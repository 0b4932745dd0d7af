using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Compiled.Cluster.Hosting;

/// <summary>Logs of the cluster roles: one line per event on standard error, prefixed with the role.</summary>
internal static class ClusterLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        })
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
