using Npgsql;

namespace RetentionKit.Tests.Sql;

/// <summary>
/// Debian's PostgreSQL server, really started: a new cluster in a temporary folder, listening on a free loopback port
/// (and a socket in that folder), stopped and removed on dispose. As root the server runs as the postgres user.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private readonly string _bin, _data, _folder;
    private readonly bool _root = Environment.UserName == "root";

    public PostgresServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            ?? throw new InvalidOperationException("no PostgreSQL server: install Debian's postgresql package (.ci/run does)") : throw new InvalidOperationException("no PostgreSQL server: install Debian's postgresql package (.ci/run does)");
        _folder = Directory.CreateTempSubdirectory("retentionkit-pg-").FullName;
        _data = Path.Combine(_folder, "data");
        if (_root) Run("/bin/chown", ["postgres:postgres", _folder]);
        Port = Loopback.FreePort();
        Check(Pg("initdb", ["-D", _data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]), "initdb");
        Check(Pg("pg_ctl", ["-D", _data, "-w", "-t", "60", "-l", Path.Combine(_folder, "server.log"), "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]), "pg_ctl start");
    }

    public int Port { get; }

    public NpgsqlConnection Connect()
    {
        var c = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=30;Command Timeout=0");
        c.Open();
        return c;
    }

    public void Dispose()
    {
        Pg("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private (int, string) Pg(string tool, string[] args) => _root
        ? Run("/usr/sbin/runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
        : Run(Path.Combine(_bin, tool), args);

    private (int, string) Run(string file, string[] args) => Processes.Run(file, args, _folder, TimeSpan.FromMinutes(2));

    private void Check((int Code, string Output) r, string what)
    {
        if (r.Code != 0) throw new InvalidOperationException($"{what} failed ({r.Code}): {r.Output}\n{(File.Exists(Path.Combine(_folder, "server.log")) ? File.ReadAllText(Path.Combine(_folder, "server.log")) : "")}");
    }
}
