using System.CommandLine;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary>The <c>retention</c> command line.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs a command line with the given writers; returns the exit code (0 ok, 2 unusable input or usage).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("retention: customer retention metrics, cohorts and CLV from transaction files.");
        root.Subcommands.Add(InspectCommand.Create(stdout, stderr));
        root.Subcommands.Add(GenerateCommand.Create(stdout, stderr));
        root.Subcommands.Add(MetricsCommand.Create(stdout, stderr));
        root.Subcommands.Add(ClvCommand.Create(stdout, stderr));
        root.Subcommands.Add(ReportCommand.Create(stdout, stderr));
        root.Subcommands.Add(NotebooksCommand.Create(stdout, stderr));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"retention: {e.Message}");
            return 2;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>Runs a command body and turns expected failures into one line on stderr and exit code 2.</summary>
    internal static int Guard(TextWriter stderr, Func<int> body)
    {
        try { return body(); }
        catch (Exception e) when (e is TransactionLoadException or UsageException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"retention: {e.Message}");
            return 2;
        }
    }
}
