namespace RetentionKit.Data;

/// <summary>Finds the datasets shipped in the repository's <c>data/</c> folder, for notebooks and examples run from any folder inside it.</summary>
public static class ShippedData
{
    /// <summary>Online Retail (UCI), gzip CSV.</summary>
    public const string OnlineRetail = "online_retail/online_retail.csv.gz";
    /// <summary>CDNOW master file (23,570 customers).</summary>
    public const string CdnowMaster = "cdnow/CDNOW_master.txt";
    /// <summary>CDNOW 1/10 sample (2,357 customers), the BG/NBD paper's data.</summary>
    public const string CdnowSample = "cdnow/CDNOW_sample.txt";

    /// <summary>Donations (Fader, Hardie &amp; Shang 2010): 11,104 donors' repeat donations over 6 yearly opportunities, as (frequency, recency) patterns.</summary>
    public const string Donations = "donations/donations.csv";
    /// <summary>SYNTHETIC example tables (<c>retention generate --tables data/synthetic --gzip</c>): transactions.</summary>
    public const string SyntheticOrders = "synthetic/orders.csv.gz";
    /// <summary>SYNTHETIC subscriptions of the example tables.</summary>
    public const string SyntheticSubscriptions = "synthetic/subscriptions.csv";
    /// <summary>SYNTHETIC invoices of the example tables.</summary>
    public const string SyntheticInvoices = "synthetic/invoices.csv";
    /// <summary>SYNTHETIC survey responses of the example tables.</summary>
    public const string SyntheticSurveys = "synthetic/surveys.csv";
    /// <summary>SYNTHETIC loyalty memberships of the example tables.</summary>
    public const string SyntheticMembers = "synthetic/members.csv";

    /// <summary>The full path of <c>data/<paramref name="relative"/></c>, looked for from the working folder upwards.</summary>
    /// <exception cref="FileNotFoundException">No such file above the working folder.</exception>
    public static string Find(string relative, string? from = null)
    {
        for (var d = new DirectoryInfo(from ?? Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "data", relative);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"data/{relative} was not found in {from ?? Directory.GetCurrentDirectory()} or any folder above it; run from inside the RetentionNotebooks repository.", relative);
    }
}
