using System.Diagnostics;
using RetentionKit.Cli;
using RetentionKit.Notebooks;

namespace RetentionKit.Tests.Notebooks;

public class ExportTests
{
    [Fact]
    public void Export_HasProjectDirectives_HoistedUsings_AndDisplayForTrailingValues()
    {
        var dir = Directory.CreateTempSubdirectory("export-").FullName;
        var app = FileAppExporter.Export(Path.Combine(NotebookTestKit.NotebooksDir, "03-retention-and-churn.ipynb"), Path.Combine(dir, "retention.cs"));
        Assert.Contains("#:project ", app);
        Assert.Contains("src/RetentionKit/RetentionKit.csproj", app);
        Assert.Contains("#:property PublishAot=false", app);
        Assert.DoesNotContain("#r \"nuget", app);
        Assert.Contains("display(RetentionFormulas.CustomerRetentionRate(start: 1000, end: 900, newCustomers: 200));", app);
        int firstUsing = app.IndexOf("using RetentionKit;", StringComparison.Ordinal), firstStatement = app.IndexOf("// ---- cell", StringComparison.Ordinal);
        Assert.True(firstUsing >= 0 && firstUsing < firstStatement, "using directives must come before the statements");
    }

    /// <summary>The migration path end to end: export a notebook and run it with `dotnet run app.cs`; it prints its results and writes its charts.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task ExportedApp_RunsWithDotnetRun_AndWritesItsCharts()
    {
        // Inside the repository, so the app finds data/ the way the notebook does.
        var dir = Path.Combine(TestData.Root, "notebooks", "output", "export-test-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, Program.Run(["notebooks", "export", Path.Combine(NotebookTestKit.NotebooksDir, "04-revenue-retention.ipynb"), "--out", Path.Combine(dir, "revenue.cs")], o, e));
            var psi = new ProcessStartInfo("dotnet", ["run", "revenue.cs"]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await p.WaitForExitAsync(limit.Token);
            Assert.True(p.ExitCode == 0, $"dotnet run failed ({p.ExitCode}):\n{stdout}\n{await stderr}");
            Assert.Contains("GRR 13.9 %, NRR 13.9 %, revenue churn 86.1 %", stdout);
            var charts = Directory.GetFiles(dir, "chart-*.html");
            Assert.Equal(2, charts.Length);
            var html = File.ReadAllText(charts[0]);
            Assert.Contains("Plotly.newPlot", html);
            Assert.DoesNotContain("<script src", html);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void NotebooksRunCommand_WritesIpynbAndHtml()
    {
        var dir = Directory.CreateTempSubdirectory("nbrun-").FullName;
        var nb = NotebookTestKit.Write(("markdown", "# Hello"), ("code", "1 + 1"));
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, Program.Run(["notebooks", "run", nb, "--out", dir], o, e));
        Assert.True(File.Exists(Path.Combine(dir, "test.ipynb")));
        Assert.True(File.Exists(Path.Combine(dir, "test.html")));
        Assert.Contains("ok", o.ToString());
        var failing = NotebookTestKit.Write(("code", "throw new Exception(\"x\");"));
        Assert.Equal(1, Program.Run(["notebooks", "run", failing, "--out", dir], o, e));
        Assert.Contains("FAILED  test.ipynb, cell 1", e.ToString());
    }
}
