using System.Diagnostics;
using System.Globalization;
using System.Text;
using RetentionKit.Sql;

namespace RetentionKit.Tests.Sql;

/// <summary>
/// Two ClickHouse servers (Debian's clickhouse-server), really started on loopback ports in a temporary folder, each
/// a shard of the cluster two_shards; stopped and removed on dispose. The first server's HTTP interface is the one the
/// queries go to.
/// </summary>
internal sealed class ClickHouseCluster : IDisposable
{
    public const string Server = "/usr/sbin/clickhouse-server";
    private readonly string _folder = Directory.CreateTempSubdirectory("retentionkit-ch-").FullName;
    private readonly List<Process> _servers = [];

    public ClickHouseCluster()
    {
        var free = new HashSet<int>();
        while (free.Count < 6) free.Add(Loopback.FreePort());
        var ports = free.ToArray();
        (Http, int tcp0, int tcp1) = (ports[0], ports[1], ports[2]);
        HttpPorts = [ports[0], ports[3]];
        for (int k = 0; k < 2; k++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(_folder, $"shard{k}")).FullName;
            int http = k == 0 ? ports[0] : ports[3], tcp = k == 0 ? tcp0 : tcp1, inter = k == 0 ? ports[4] : ports[5];
            File.WriteAllText(Path.Combine(dir, "users.xml"), """
                <?xml version="1.0"?>
                <yandex>
                  <profiles><default><max_memory_usage>4000000000</max_memory_usage></default></profiles>
                  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
                  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
                </yandex>
                """);
            File.WriteAllText(Path.Combine(dir, "config.xml"), $"""
                <?xml version="1.0"?>
                <yandex>
                  <logger><level>warning</level><log>{dir}/server.log</log><errorlog>{dir}/error.log</errorlog><size>10M</size><count>1</count></logger>
                  <http_port>{http}</http_port><tcp_port>{tcp}</tcp_port><interserver_http_port>{inter}</interserver_http_port>
                  <listen_host>127.0.0.1</listen_host>
                  <path>{dir}/data/</path><tmp_path>{dir}/tmp/</tmp_path><user_files_path>{dir}/files/</user_files_path><format_schema_path>{dir}/schemas/</format_schema_path>
                  <users_config>{dir}/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
                  <timezone>UTC</timezone><mark_cache_size>104857600</mark_cache_size>
                  <remote_servers><two_shards>
                    <shard><replica><host>127.0.0.1</host><port>{tcp0}</port></replica></shard>
                    <shard><replica><host>127.0.0.1</host><port>{tcp1}</port></replica></shard>
                  </two_shards></remote_servers>
                </yandex>
                """);
            var psi = new ProcessStartInfo(Server) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add($"--config-file={dir}/config.xml");
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { }; p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine(); p.BeginErrorReadLine();
            _servers.Add(p);
        }
        var until = DateTime.UtcNow.AddSeconds(60);
        foreach (int port in HttpPorts)
            while (true)
            {
                try { using var c = new ClickHouseHttpRunner(port); c.Execute("SELECT 1"); break; }
                catch (Exception e) when (e is HttpRequestException or IOException && DateTime.UtcNow < until) { Thread.Sleep(200); }
            }
    }

    public int Http { get; }
    public int[] HttpPorts { get; }

    public void Dispose()
    {
        foreach (var p in _servers) { try { p.Kill(entireProcessTree: true); p.WaitForExit(10_000); } catch (InvalidOperationException) { } p.Dispose(); }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// The reductions' SQL through ClickHouse's own HTTP interface, in one session (temporary tables live in it), results as
/// TabSeparated text: what an 18.16 server takes, where the current .NET driver's settings are refused.
/// </summary>
internal sealed class ClickHouseHttpRunner(int port) : ISqlRunner
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(10) };
    private readonly string _session = Guid.NewGuid().ToString("N");

    public SqlDialect Dialect => SqlDialect.ClickHouse;

    public void Execute(string sql) => Send(sql);

    public void Query(string sql, Action<ISqlRow> row)
    {
        var text = Send(sql + " FORMAT TabSeparated");
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            row(new Row(line.Split('\t')));
        }
    }

    public void Insert(string table, IEnumerable<string> tsvLines)
    {
        var body = new StringBuilder();
        foreach (var l in tsvLines) body.Append(l).Append('\n');
        Send($"INSERT INTO {table} FORMAT TabSeparated\n" + body);
    }

    public void UploadLines(string table, IReadOnlyCollection<long> lines)
    {
        Execute(Dialect.Drop(table));
        Execute(Dialect.TempLongs(table));
        Insert(table, lines.Select(l => l.ToString(CultureInfo.InvariantCulture)));
    }

    public void UploadCodes(string table, IReadOnlyCollection<string> codes)
    {
        Execute(Dialect.Drop(table));
        Execute(Dialect.TempTexts(table));
        Insert(table, codes.Select(Escape));
    }

    public static string Escape(string? s) => s is null ? "\\N" : s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n");

    private string Send(string sql)
    {
        using var content = new StringContent(sql, Encoding.UTF8);
        using var response = _http.PostAsync($"?session_id={_session}", content).GetAwaiter().GetResult();
        var text = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"ClickHouse refused the query ({(int)response.StatusCode}): {text}\n{sql[..Math.Min(sql.Length, 2000)]}");
        return text;
    }

    public void Dispose() => _http.Dispose();

    private sealed class Row(string[] f) : ISqlRow
    {
        public bool IsNull(int i) => f[i] == "\\N";
        public long Long(int i) => IsNull(i) ? 0 : long.Parse(f[i], CultureInfo.InvariantCulture);
        public double Double(int i) => IsNull(i) ? double.NaN : f[i] switch { "nan" or "-nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, var v => double.Parse(v, CultureInfo.InvariantCulture) };
        public string? Text(int i) => IsNull(i) ? null : f[i].Replace("\\t", "\t").Replace("\\n", "\n").Replace("\\\\", "\\");
    }
}
