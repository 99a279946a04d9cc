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
        root.Subcommands.Add(CalcCommand.Create(stdout, stderr));
        root.Subcommands.Add(SurvivalCommand.Create(stdout, stderr));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"retention: {e.Message}");
            return 2;
        }
        return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>
    /// Runs a command body and turns every failure into one line on stderr and exit code 2: never a stack trace. An
    /// exception the kit did not expect is said to be one, so it can be reported.
    /// </summary>
    internal static int Guard(TextWriter stderr, Func<int> body)
    {
        try { return body(); }
        catch (Exception e) when (e is TransactionLoadException or UsageException or FileNotFoundException or DirectoryNotFoundException or ArgumentException
                                   or IOException or UnauthorizedAccessException or RetentionKit.Notebooks.NotebookException or RetentionKit.Clv.ModelFitException)
        {
            stderr.WriteLine($"retention: {Clean(e.Message)}");
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"retention: unexpected {e.GetType().Name}: {Clean(e.Message)} (this is a fault in the kit, not in your input: please report it with the command line)");
            return 2;
        }
    }

    /// <summary>A .NET message without its " (Parameter 'x')" tail, control characters shown as codes.</summary>
    internal static string Clean(string message)
    {
        // .NET appends " (Parameter 'x')" and for out-of-range values " Actual value was …": neither helps a user.
        int p = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (p > 0) message = message[..p];
        var flat = string.Concat(message.Select(c => char.IsControl(c) ? ' ' : c));
        return flat.Length > 2000 ? flat[..2000] + "…" : flat;
    }
}
