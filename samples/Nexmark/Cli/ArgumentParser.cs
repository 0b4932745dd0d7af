using System.Globalization;
using Nexmark.Job;
using Nexmark.Queries;

namespace Nexmark.Cli;

/// <summary>Parses the command line by hand: <c>[run|generate] --option value …</c> (also <c>--option=value</c>).</summary>
public static class ArgumentParser
{
    private static readonly string[] RunOptions =
    [
        "--query", "--events", "--input", "--output", "--parallelism", "--dead-letters", "--side-input",
        "--checkpoint-dir", "--checkpoint-interval", "--state-backend", "--from-checkpoint", "--from-savepoint",
        "--kafka-bootstrap", "--input-topic", "--output-topic", "--bounded",
        "--postgres", "--postgres-table", "--max-rate", "--max-output-rate", "--transaction-log",
    ];
    private static readonly string[] GenerateOptions = ["--events", "--output"];
    private static readonly string[] ProduceOptions = ["--events", "--kafka-bootstrap", "--topic"];

    /// <summary>Options that take no value.</summary>
    private static readonly string[] Flags = ["--bounded"];

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <exception cref="UsageException">The arguments are wrong; the message says what to change.</exception>
    public static CliCommand Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(static a => a is "--help" or "-h") || args is ["help", ..]) return new HelpCommand();
        if (args.Count == 0) throw new UsageException("Missing --query: choose one of " + string.Join(", ", NexmarkJob.Queries) + ", e.g. 'Nexmark --query q5'.");

        string command = args[0].StartsWith('-') ? "run" : args[0];
        var rest = args[0].StartsWith('-') ? args : args.Skip(1).ToList();
        return command switch
        {
            "run" => ParseRun(ReadOptions(rest, "run", RunOptions)),
            "generate" => ParseGenerate(ReadOptions(rest, "generate", GenerateOptions)),
            "produce" => ParseProduce(ReadOptions(rest, "produce", ProduceOptions)),
            _ => throw new UsageException($"Unknown command '{command}': use 'run' (the default), 'generate' or 'produce'."),
        };
    }

    private static RunCommand ParseRun(Dictionary<string, string> options)
    {
        if (!options.TryGetValue("--query", out string? queryText))
            throw new UsageException("Missing --query: choose one of " + string.Join(", ", NexmarkJob.Queries) + ".");
        string query = NexmarkJob.Normalize(queryText)
            ?? throw new UsageException($"Unknown query '{queryText}': valid queries are {string.Join(", ", NexmarkJob.Queries)}.");

        options.TryGetValue("--input", out string? input);
        var kafka = ParseKafka(options, input);
        if (input is not null && options.ContainsKey("--events"))
            throw new UsageException("Use either --events N (generated input) or --input FILE, not both.");
        long events = options.TryGetValue("--events", out string? eventsText) ? PositiveLong("--events", eventsText) : Usage.DefaultEvents;
        foreach (var file in InputFiles(input)) RequireFile("--input", "JSON-lines", file);

        int parallelism = options.TryGetValue("--parallelism", out string? parallelismText)
            ? (int)Math.Min(PositiveLong("--parallelism", parallelismText), int.MaxValue)
            : Environment.ProcessorCount;
        if (parallelism > 32768) throw new UsageException($"--parallelism must be at most 32768, got {parallelism}.");

        var checkpoints = ParseCheckpoints(options);
        options.TryGetValue("--output", out string? output);
        if (output is not null && kafka?.OutputTopic is not null) throw new UsageException("Use either --output FILE or --output-topic T, not both.");
        // With checkpoints, and always for q10's partitioned table, the output is a directory of part files.
        bool outputDirectory = checkpoints.Directory is not null || query == NexmarkJob.PartitionedQuery;
        if (output is not null && !outputDirectory) RequireOutputDirectory("--output", output);
        if (output is not null && outputDirectory) RequireParentDirectory("--output", output);
        options.TryGetValue("--dead-letters", out string? deadLetters);
        if (deadLetters is not null)
        {
            if (input is null && kafka?.InputTopic is null) throw new UsageException("--dead-letters applies to --input files and --input-topic only; remove it or add an input.");
            RequireOutputDirectory("--dead-letters", deadLetters);
        }

        var postgres = ParsePostgres(options, query);
        if (postgres is not null && kafka?.OutputTopic is not null) throw new UsageException("Give either --output-topic or --postgres, not both.");
        return new RunCommand(query, events, input, output, parallelism, deadLetters)
        {
            Checkpoints = checkpoints,
            SideInput = ParseSideInput(options, query),
            Postgres = postgres,
            Kafka = kafka,
            MaxRate = options.TryGetValue("--max-rate", out string? rateText) ? PositiveLong("--max-rate", rateText) : null,
            MaxOutputRate = options.TryGetValue("--max-output-rate", out string? outputRateText) ? PositiveLong("--max-output-rate", outputRateText) : null,
        };
    }

    private static KafkaOptions? ParseKafka(Dictionary<string, string> options, string? input)
    {
        options.TryGetValue("--kafka-bootstrap", out string? bootstrap);
        options.TryGetValue("--input-topic", out string? inputTopic);
        options.TryGetValue("--output-topic", out string? outputTopic);
        options.TryGetValue("--transaction-log", out string? transactionLog);
        bool bounded = options.ContainsKey("--bounded");
        if (transactionLog is not null)
        {
            if (outputTopic is null || !options.ContainsKey("--checkpoint-dir"))
                throw new UsageException("--transaction-log records the transactions of an exactly-once Kafka output: it needs --output-topic T and --checkpoint-dir DIR.");
            RequireOutputDirectory("--transaction-log", transactionLog);
        }
        if (bootstrap is null)
        {
            if (inputTopic is not null || outputTopic is not null) throw new UsageException("--input-topic and --output-topic need --kafka-bootstrap HOST:PORT: the brokers to connect to.");
            if (bounded) throw new UsageException("--bounded applies to --input-topic only; remove it or add --input-topic T.");
            return null;
        }
        if (inputTopic is null && outputTopic is null) throw new UsageException("--kafka-bootstrap needs --input-topic T, --output-topic T or both.");
        if (inputTopic is not null && (input is not null || options.ContainsKey("--events")))
            throw new UsageException("Use one input: --input-topic T, --input FILE or --events N.");
        if (bounded && inputTopic is null) throw new UsageException("--bounded applies to --input-topic only; remove it or add --input-topic T.");
        return new KafkaOptions(bootstrap, inputTopic, bounded, outputTopic, transactionLog);
    }

    private static ProduceCommand ParseProduce(Dictionary<string, string> options)
    {
        const string example = "e.g. 'Nexmark produce --events 1000000 --kafka-bootstrap localhost:9092 --topic nexmark-events'";
        if (!options.TryGetValue("--events", out string? eventsText)) throw new UsageException("Missing --events: say how many events to produce, " + example + ".");
        if (!options.TryGetValue("--kafka-bootstrap", out string? bootstrap)) throw new UsageException("Missing --kafka-bootstrap: say which brokers to write to, " + example + ".");
        if (!options.TryGetValue("--topic", out string? topic)) throw new UsageException("Missing --topic: say which topic to write, " + example + ".");
        return new ProduceCommand(PositiveLong("--events", eventsText), bootstrap, topic);
    }

    private static SideInputTable? ParseSideInput(Dictionary<string, string> options, string query)
    {
        if (!options.TryGetValue("--side-input", out string? path))
        {
            if (query != NexmarkJob.SideInputQuery) return null;
            throw new UsageException($"{query} joins bids with a side input: add --side-input FILE, a file of 'key,value' lines " +
                "(Nexmark's standard one has the lines 0,0 to 9999,9999).");
        }

        if (query != NexmarkJob.SideInputQuery)
            throw new UsageException($"--side-input applies to {NexmarkJob.SideInputQuery} only; remove it for {query}.");
        RequireFile("--side-input", "'key,value' lines", path);
        try
        {
            return SideInputTable.Load(path);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message + " Fix the file or give another --side-input.");
        }
    }

    private static PostgresOutput? ParsePostgres(Dictionary<string, string> options, string query)
    {
        options.TryGetValue("--postgres-table", out string? table);
        if (!options.TryGetValue("--postgres", out string? connection))
            return table is null ? null : throw new UsageException("--postgres-table needs --postgres CONNECTION: say which server to write to.");
        if (options.ContainsKey("--output")) throw new UsageException("Give either --output or --postgres, not both.");
        if (!NexmarkPostgres.Queries.Contains(query))
            throw new UsageException($"--postgres supports {string.Join(", ", NexmarkPostgres.Queries)}; {query} has no table yet: use --output FILE.");
        table ??= NexmarkPostgres.DefaultTable(query);
        if (!System.Text.RegularExpressions.Regex.IsMatch(table, "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$"))
            throw new UsageException($"--postgres-table '{table}' is not a plain table name: use letters, digits and _, optionally schema.table.");
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--postgres: malformed connection string ({ex.Message}); give e.g. 'Host=127.0.0.1;Port=5432;Username=app;Database=app'.");
        }
        return new PostgresOutput(connection, table);
    }

    private static CheckpointOptions ParseCheckpoints(Dictionary<string, string> options)
    {
        options.TryGetValue("--checkpoint-dir", out string? directory);
        if (directory is not null) RequireParentDirectory("--checkpoint-dir", directory);
        TimeSpan interval = TimeSpan.FromSeconds(1);
        if (options.TryGetValue("--checkpoint-interval", out string? intervalText))
        {
            if (directory is null) throw new UsageException("--checkpoint-interval needs --checkpoint-dir DIR: say where checkpoints go.");
            interval = Duration("--checkpoint-interval", intervalText);
            if (interval < TimeSpan.FromMilliseconds(10)) throw new UsageException($"--checkpoint-interval must be at least 10ms, got '{intervalText}'.");
        }
        string backend = options.GetValueOrDefault("--state-backend", "heap");
        if (backend is not ("heap" or "rocksdb")) throw new UsageException($"Unknown --state-backend '{backend}': use heap or rocksdb.");

        options.TryGetValue("--from-checkpoint", out string? fromCheckpoint);
        options.TryGetValue("--from-savepoint", out string? fromSavepoint);
        if (fromCheckpoint is not null && fromSavepoint is not null)
            throw new UsageException("Give either --from-checkpoint or --from-savepoint, not both.");
        if (fromCheckpoint == "latest" && directory is null)
            throw new UsageException("--from-checkpoint latest needs --checkpoint-dir DIR: the directory to take the latest checkpoint from.");
        string? restore = fromSavepoint ?? fromCheckpoint;
        if (restore is not null && restore != "latest" && !Directory.Exists(restore))
            throw new UsageException($"Checkpoint '{restore}' does not exist: give the path of a chk-N directory (or 'latest').");
        return new CheckpointOptions(directory, interval, restore) { StateBackend = backend };
    }

    private static TimeSpan Duration(string option, string text)
    {
        string number = text.TrimEnd('m', 's', 'i', 'n', 'h');
        string unit = text[number.Length..];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value <= 0)
            throw new UsageException($"{option} must be a positive duration like 200ms, 1s or 2min, got '{text}'.");
        return unit switch
        {
            "" or "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" or "min" => TimeSpan.FromMinutes(value),
            "h" => TimeSpan.FromHours(value),
            _ => throw new UsageException($"{option}: unknown unit in '{text}'; use ms, s, min or h."),
        };
    }

    private static void RequireParentDirectory(string option, string path)
    {
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        if (parent is not null && !Directory.Exists(parent))
            throw new UsageException($"{option}: directory '{parent}' does not exist; create it or choose another path.");
    }

    private static GenerateCommand ParseGenerate(Dictionary<string, string> options)
    {
        if (!options.TryGetValue("--events", out string? eventsText))
            throw new UsageException("Missing --events: say how many events to generate, e.g. 'Nexmark generate --events 1000000 --output events.jsonl'.");
        if (!options.TryGetValue("--output", out string? output))
            throw new UsageException("Missing --output: say which file to write, e.g. 'Nexmark generate --events 1000000 --output events.jsonl'.");
        long events = PositiveLong("--events", eventsText);
        RequireOutputDirectory("--output", output);
        return new GenerateCommand(events, output);
    }

    private static Dictionary<string, string> ReadOptions(IReadOnlyList<string> args, string command, string[] valid)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string name = arg, value;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else if (Flags.Contains(arg))
            {
                value = "true";
            }
            else if (i + 1 < args.Count && !(args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                value = args[++i];
            }
            else
            {
                value = "";
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
                throw new UsageException($"Unexpected argument '{arg}' for '{command}': options are {string.Join(", ", valid)}, each followed by a value.");
            if (!valid.Contains(name))
                throw new UsageException($"Unknown option '{name}' for '{command}': valid options are {string.Join(", ", valid)}.");
            if (value.Length == 0)
                throw new UsageException($"Option {name} needs a value, e.g. '{name} {Example(name)}'.");
            if (!options.TryAdd(name, value))
                throw new UsageException($"Option {name} is given twice; give it once.");
        }

        return options;
    }

    private static string Example(string option) => option switch
    {
        "--query" => "q5",
        "--events" => "1000000",
        "--parallelism" => "4",
        "--checkpoint-interval" => "200ms",
        "--state-backend" => "heap",
        "--from-checkpoint" => "latest",
        "--checkpoint-dir" or "--from-savepoint" => "DIR",
        "--kafka-bootstrap" => "localhost:9092",
        "--input-topic" or "--output-topic" or "--topic" => "nexmark-events",
        "--postgres" => "'Host=127.0.0.1;Username=app;Database=app'",
        "--postgres-table" => "nexmark_q5",
        _ => "FILE",
    };

    private static long PositiveLong(string option, string text)
    {
        if (long.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value > 0)
            return value;
        throw new UsageException($"{option} must be a positive whole number, got '{text}'.");
    }

    /// <summary>The files of <c>--input FILE[,FILE...]</c> (none without it).</summary>
    public static string[] InputFiles(string? input) => input is null ? [] : input.Split(',');

    private static void RequireFile(string option, string format, string path)
    {
        if (Directory.Exists(path)) throw new UsageException($"Input '{path}' is a directory: give {option} a file of {format}.");
        if (!File.Exists(path)) throw new UsageException($"Input file '{path}' does not exist: check the {option} path.");
    }

    private static void RequireOutputDirectory(string option, string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UsageException($"{option} '{path}' is a directory: give a file name.");
        string? directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
            throw new UsageException($"{option}: directory '{directory}' does not exist; create it or choose another path.");
    }
}
