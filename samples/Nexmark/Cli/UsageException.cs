namespace Nexmark.Cli;

/// <summary>The command line is wrong; the message says what to change. Exit code 2.</summary>
/// <param name="message">What is wrong and how to fix it.</param>
public sealed class UsageException(string message) : Exception(message);
