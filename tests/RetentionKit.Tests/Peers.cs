using System.Diagnostics;
using System.Text.Json;

namespace RetentionKit.Tests;

/// <summary>Runs the pandas peer scripts under benchmarks/peers with Debian's python3 (apt-get install python3-pandas).</summary>
internal static class Peers
{
    private const string Python = "/usr/bin/python3";

    public static bool PandasAvailable { get; } = Probe();

    private static bool Probe()
    {
        try { return Run("-c", "import pandas").ExitCode == 0; }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    /// <summary>Skips (visibly) where pandas is missing; CI installs it, so CI never skips.</summary>
    public static void RequirePandas() =>
        Skip.IfNot(PandasAvailable || Environment.GetEnvironmentVariable("CI") == "true",
            "Debian's python3-pandas is not installed (apt-get install -y python3-pandas); the pandas cross-check is skipped.");

    public static JsonElement RunJson(string script, params string[] args)
    {
        var (code, stdout, stderr) = Run(new[] { Path.Combine(TestData.Root, "benchmarks", "peers", script) }.Concat(args).ToArray());
        Assert.True(code == 0, $"{script} failed ({code}): {stderr}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
