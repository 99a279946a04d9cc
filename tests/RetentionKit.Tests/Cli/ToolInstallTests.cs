namespace RetentionKit.Tests.CliTool;

/// <summary>`dotnet pack` makes `retention` a .NET tool that installs and runs like one (README's install commands).</summary>
public class ToolInstallTests
{
    [Fact]
    public void PackedTool_Installs_AndRuns()
    {
        var dir = Directory.CreateTempSubdirectory("tool-").FullName;
        var packages = Path.Combine(dir, "packages");
        var (packed, packOutput) = RetentionKit.Tests.Notebooks.NotebookTestKit.ReleaseBuild(() =>
            Processes.Run("dotnet", ["pack", "src/RetentionKit.Cli", "-c", "Release", "-o", packages, "-nodeReuse:false", "-v", "q"], TestData.Root, TimeSpan.FromMinutes(5)));
        Assert.True(packed == 0, packOutput);
        Assert.Single(Directory.GetFiles(packages, "RetentionKit.Cli.*.nupkg"));
        // A fresh package folder: a package re-packed with the same version must not come from an old cache.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "nuget") };
        var tools = Path.Combine(dir, "tools");
        var (installed, installOutput) = Processes.Run("dotnet", ["tool", "install", "RetentionKit.Cli", "--tool-path", tools, "--add-source", packages], dir, TimeSpan.FromMinutes(5), env);
        Assert.True(installed == 0, installOutput);
        var retention = Path.Combine(tools, "retention");
        var (v, version) = Processes.Run(retention, ["--version"], dir, TimeSpan.FromMinutes(1));
        Assert.Equal(0, v);
        Assert.StartsWith("0.1.0", version.Trim());
        var (i, inspect) = Processes.Run(retention, ["inspect", Path.Combine(TestData.Root, "data", "cdnow", "CDNOW_sample.txt"), "--preset", "cdnow"], dir, TimeSpan.FromMinutes(1));
        Assert.True(i == 0, inspect);
        Assert.Contains("rows read                 6,919", inspect);
        var (bad, badOutput) = Processes.Run(retention, ["inspect", Path.Combine(dir, "missing.csv")], dir, TimeSpan.FromMinutes(1));
        Assert.Equal(2, bad);
        Assert.Contains("missing.csv", badOutput);
    }
}
