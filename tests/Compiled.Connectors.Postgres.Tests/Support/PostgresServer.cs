using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Compiled.Connectors.Postgres.Tests.Support;

/// <summary>
/// A real PostgreSQL server (Debian's postgresql package) for the tests: <c>initdb</c> into a temporary directory,
/// <c>postgres</c> on a free loopback port with its socket in that directory and prepared transactions enabled, and at
/// the end <c>pg_ctl stop -m fast</c> and the directory deleted. PostgreSQL refuses to run as root, so under root
/// (as in CI) the server runs as the package's <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string ServiceUser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _bin;
    private readonly string _directory;
    private readonly string _data;
    private readonly bool _dropPrivileges;
    private readonly StringBuilder _log = new();
    private System.Diagnostics.Process? _server;

    /// <summary>Starts a server with 32 prepared transactions.</summary>
    public PostgresServer() : this(maxPreparedTransactions: 32)
    {
    }

    /// <summary>Starts a server with <c>max_prepared_transactions</c> = <paramref name="maxPreparedTransactions"/>.</summary>
    /// <exception cref="InvalidOperationException">The server cannot be installed, initialised or started; the message says why.</exception>
    public static PostgresServer WithPreparedTransactions(int maxPreparedTransactions) => new(maxPreparedTransactions);

    private PostgresServer(int maxPreparedTransactions)
    {
        _bin = FindBinaries();
        _dropPrivileges = geteuid() == 0;
        _directory = Path.Combine(Path.GetTempPath(), "compiled-pg-" + Guid.NewGuid().ToString("N")[..12]);
        _data = Path.Combine(_directory, "data");
        Directory.CreateDirectory(_directory);
        try
        {
            // The server user creates the data directory and the socket here.
            if (_dropPrivileges && !OperatingSystem.IsWindows()) File.SetUnixFileMode(_directory, (UnixFileMode)0x1FF);
            InitDb();
            Start(maxPreparedTransactions);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>Connection string for the <c>postgres</c> database as superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=10;Include Error Detail=true";

    /// <summary>Opens a new connection.</summary>
    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Runs SQL statements.</summary>
    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>The rows of a query as comma-separated text, in the query's order (from a fresh connection).</summary>
    public List<string> Rows(string sql)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            var values = new string[reader.FieldCount];
            for (int i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(string.Join(',', values));
        }
        return rows;
    }

    /// <summary>A single value.</summary>
    public long Count(string sql) => long.Parse(Rows(sql).Single(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Global ids of the transactions now prepared, sorted.</summary>
    public List<string> PreparedTransactions() => Rows("SELECT gid FROM pg_prepared_xacts ORDER BY gid");

    private static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "postgres")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package " +
            "(apt-get install postgresql; ./build.sh test installs it when missing).");
    }

    private void InitDb()
    {
        var (exit, output) = RunTool("initdb", ["-D", _data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(60));
        if (exit != 0) throw new InvalidOperationException($"initdb failed (exit {exit}) in {_data}: {output}");
    }

    private void Start(int maxPreparedTransactions)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            lock (_log) _log.Clear();
            _server = System.Diagnostics.Process.Start(Command("postgres",
            [
                "-D", _data, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _directory,
                "-c", "listen_addresses=127.0.0.1", "-c", $"max_prepared_transactions={maxPreparedTransactions}",
                // A throw-away test server: durability across an OS crash is not under test.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=100", "-c", "shared_buffers=32MB",
            ]))!;
            _server.ErrorDataReceived += (_, e) => AppendLog(e.Data);
            _server.OutputDataReceived += (_, e) => AppendLog(e.Data);
            _server.BeginErrorReadLine();
            _server.BeginOutputReadLine();
            if (WaitUntilReady()) return;
            string log = Log;
            if (!log.Contains("could not bind", StringComparison.Ordinal) && !log.Contains("could not create listen socket", StringComparison.Ordinal))
                throw new InvalidOperationException($"PostgreSQL did not start on 127.0.0.1:{Port} within {StartTimeout.TotalSeconds:0} s. Server log:\n{log}");
            StopServer(); // another process took the port meanwhile: try another
        }
        throw new InvalidOperationException($"PostgreSQL could not bind a loopback port in 3 attempts. Server log:\n{Log}");
    }

    private string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    private void AppendLog(string? line)
    {
        if (line is null) return;
        lock (_log)
            if (_log.Length < 64 * 1024) _log.AppendLine(line);
    }

    /// <summary>Polls until a connection succeeds (true) or the server exits or the time is up (false).</summary>
    private bool WaitUntilReady()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_server!.HasExited) return false;
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=2");
                connection.Open();
                return true;
            }
            catch (NpgsqlException)
            {
                Thread.Sleep(50);
            }
        }
        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A server tool, run as the service user when we are root.</summary>
    private ProcessStartInfo Command(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (_dropPrivileges)
        {
            // setpriv execs the tool (no extra process), so the PID we get is the server's.
            start.FileName = "setpriv";
            foreach (var a in new[] { $"--reuid={ServiceUser}", $"--regid={ServiceUser}", "--init-groups", "--" }) start.ArgumentList.Add(a);
            start.ArgumentList.Add(Path.Combine(_bin, tool));
        }
        else start.FileName = Path.Combine(_bin, tool);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private (int Exit, string Output) RunTool(string tool, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = System.Diagnostics.Process.Start(Command(tool, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            process.WaitForExit();
            return (-1, $"{tool} did not finish within {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Fast shutdown (rolls back open transactions, keeps prepared ones), by the PID we started; killed if it does not stop.</summary>
    private void StopServer()
    {
        if (_server is null) return;
        NpgsqlConnection.ClearAllPools();
        if (!_server.HasExited)
        {
            RunTool("pg_ctl", ["stop", "-D", _data, "-m", "fast", "-w", "-t", "30"], TimeSpan.FromSeconds(40));
            if (!_server.WaitForExit(TimeSpan.FromSeconds(10))) _server.Kill();
            _server.WaitForExit();
        }
        _server.Dispose();
        _server = null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            StopServer();
        }
        finally
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}

/// <summary>The test classes that share one server (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>Collection name.</summary>
    public const string Name = "postgres";
}
