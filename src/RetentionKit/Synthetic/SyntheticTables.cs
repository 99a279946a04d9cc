using System.Globalization;
using System.Text.Json;
using RetentionKit.Data;

namespace RetentionKit.Synthetic;

/// <summary>
/// Writes a generated dataset as the files a user would have: orders.csv (transactions; orders.csv.gz when asked), subscriptions.csv,
/// invoices.csv, surveys.csv and members.csv, each loadable without options, and truth.json with the ground truth
/// they were drawn from, so a metric computed from the files can be held against the value it estimates.
/// </summary>
public static class SyntheticTables
{
    /// <summary>Writes every table into <paramref name="folder"/> (which must exist), and truth.json; returns each table's file with its rows.</summary>
    public static IReadOnlyList<(string File, long Rows)> Write(SyntheticDataset data, string folder, bool gzipOrders = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        string P(string f) => Path.Combine(folder, f);
        string orders = gzipOrders ? "orders.csv.gz" : "orders.csv";
        TransactionWriter.WriteCsv(data.Transactions, P(orders), gzip: gzipOrders);
        TableWriter.Subscriptions(data.Subscriptions, P("subscriptions.csv"));
        TableWriter.Invoices(data.Invoices, P("invoices.csv"));
        TableWriter.Surveys(data.Surveys, P("surveys.csv"));
        TableWriter.Members(data.Memberships, P("members.csv"));
        File.WriteAllText(P("truth.json"), JsonSerializer.Serialize(Truth(data), new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return [(orders, data.Transactions.Count), ("subscriptions.csv", data.Subscriptions.Count), ("invoices.csv", data.Invoices.Count),
            ("surveys.csv", data.Surveys.Count), ("members.csv", data.Memberships.Count)];
    }

    /// <summary>The ground truth of a dataset: the parameters drawn from, and the population values they imply.</summary>
    public static IReadOnlyDictionary<string, object> Truth(SyntheticDataset data)
    {
        var o = data.Options;
        var inv = CultureInfo.InvariantCulture;
        return new Dictionary<string, object>
        {
            ["note"] = "SYNTHETIC data from RetentionKit's seeded generator (retention generate --tables). Population values are what the generator draws from; a sample's metric differs from them by sampling error.",
            ["seed"] = o.Seed,
            ["customers"] = o.Customers,
            ["window"] = new { start = o.Start.ToString("yyyy-MM-dd", inv), endExclusive = o.End.ToString("yyyy-MM-dd", inv) },
            ["transactions"] = new
            {
                purchaseCycleDays = o.PurchaseCycleDays, dropoutAfterEachOrder = o.DropoutProbability, meanOrderValue = o.MeanOrderValue,
                lineReturnProbability = o.ReturnProbability, customersWhoDroppedOut = data.Dropouts.Count,
            },
            ["subscriptions"] = new
            {
                subscribers = o.Subscribers, monthlyChurn = o.MonthlySubscriptionChurn,
                quarterlyRetention = Math.Round(Math.Pow(1 - o.MonthlySubscriptionChurn, 3), 6),
                plans = o.Plans.Select(p => new { monthlyPrice = p.Price, share = p.Share }),
            },
            ["invoices"] = new { paymentTermsDays = o.PaymentTermsDays, meanDaysToPay = o.MeanDaysToPay },
            ["surveys"] = new
            {
                responseShare = o.SurveyResponseShare,
                npsMix = new { detractors = o.NpsMix.Detractors, passives = o.NpsMix.Passives, promoters = o.NpsMix.Promoters },
                nps = Math.Round(100 * (o.NpsMix.Promoters - o.NpsMix.Detractors), 6),
                csatMix = o.CsatMix, csat = Math.Round(o.CsatMix[3] + o.CsatMix[4], 6),
                churnReasons = o.ChurnReasons.Select(c => new { reason = c.Reason, share = c.Share }),
            },
            ["loyalty"] = new { joinProbabilityAtSecondOrder = o.LoyaltyJoinProbability, memberFrequencyUplift = o.LoyaltyFrequencyUplift },
        };
    }
}
