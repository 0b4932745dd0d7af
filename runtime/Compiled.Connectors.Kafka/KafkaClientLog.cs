using Confluent.Kafka;

namespace Compiled.Connectors.Kafka;

/// <summary>Where librdkafka's log lines and client errors go: warnings and worse to standard error, the rest dropped.</summary>
internal static class KafkaClientLog
{
    public static void Log(string client, LogMessage message)
    {
        if (message.Level <= SyslogLevel.Warning) Console.Error.WriteLine($"kafka {client}: {message.Facility}: {message.Message}");
    }

    /// <summary>A client error: transient ones (a broker went away) are retried by librdkafka and only logged.</summary>
    public static void Error(string client, Error error) =>
        Console.Error.WriteLine($"kafka {client}: {(error.IsFatal ? "fatal error" : "error")}: {error.Reason}");
}
