namespace RetentionKit.Tests;

/// <summary>Paths to the shipped data, found from the test binary up to the repository root.</summary>
internal static class TestData
{
    public static string Root { get; } = FindRoot();
    public static string OnlineRetail => Path.Combine(Root, "data", "online_retail", "online_retail.csv.gz");
    public static string CdnowMaster => Path.Combine(Root, "data", "cdnow", "CDNOW_master.txt");
    public static string CdnowSample => Path.Combine(Root, "data", "cdnow", "CDNOW_sample.txt");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RetentionNotebooks.sln"))) return d.FullName;
        throw new InvalidOperationException("RetentionNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
