using RetentionKit.Cli;

namespace RetentionKit.Tests;

/// <summary>Runs the retention command line in-process and returns its exit code and what it printed.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = Program.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
