using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Segments;

/// <summary>One customer's RFM values, scores (1–5, 5 best) and segment.</summary>
public sealed record RfmCustomer(string CustomerId, int RecencyDays, int Frequency, double Monetary, int R, int F, int M, string Segment);

/// <summary>
/// RFM segmentation (spec §9, seed 001) over a window: recency = days from the last order to the window end,
/// frequency = orders in the window, monetary = net spend in the window. Scores are quintiles by rank; tied values
/// share a score (a score is 1 + ⌊5 × share of customers strictly worse⌋), so a frequency of 1 held by most
/// customers is one score. Segments follow the common R×F grid (Champions: R 5, F 4–5; Hibernating: R 1–2, F 1–2 …).
/// </summary>
public sealed record RfmSegments(Period Window, IReadOnlyList<RfmCustomer> Customers, IReadOnlyDictionary<string, long> SegmentCounts)
{
    /// <summary>Segment names in display order, best first.</summary>
    public static IReadOnlyList<string> SegmentOrder { get; } =
        ["Champions", "Loyal", "Potential loyalists", "New customers", "Promising", "Need attention", "About to sleep", "At risk", "Can't lose them", "Hibernating"];

    /// <summary>The segment for an R and F score.</summary>
    public static string SegmentOf(int r, int f) => (r, f) switch
    {
        (5, >= 4) => "Champions",
        (3 or 4, >= 4) => "Loyal",
        (4 or 5, 2 or 3) => "Potential loyalists",
        (5, 1) => "New customers",
        (4, 1) => "Promising",
        (3, 3) => "Need attention",
        (3, 1 or 2) => "About to sleep",
        (1 or 2, 3 or 4) => "At risk",
        (1 or 2, 5) => "Can't lose them",
        _ => "Hibernating",
    };

    /// <summary>Scores every customer with an order in <paramref name="window"/>.</summary>
    public static RfmSegments Compute(OrderHistory history, Period window)
    {
        ArgumentNullException.ThrowIfNull(history);
        var ids = new List<int>(); var rec = new List<int>(); var freq = new List<int>(); var mon = new List<double>();
        int endDay = PeriodGrid.DayNumber(window.End);
        for (int c = 0; c < history.CustomerCount; c++)
        {
            var (n, spend, last) = history.ActivityIn(c, window);
            if (n == 0) continue;
            ids.Add(c); rec.Add(endDay - last); freq.Add(n); mon.Add(spend);
        }
        // Recency: fewer days is better, so score on the negated value.
        var r5 = Scores(rec.Select(v => -(double)v).ToArray());
        var f5 = Scores(freq.Select(v => (double)v).ToArray());
        var m5 = Scores(mon.ToArray());
        var customers = new List<RfmCustomer>(ids.Count);
        var counts = SegmentOrder.ToDictionary(s => s, _ => 0L);
        for (int i = 0; i < ids.Count; i++)
        {
            var seg = SegmentOf(r5[i], f5[i]);
            counts[seg]++;
            customers.Add(new RfmCustomer(history.CustomerIds[ids[i]], rec[i], freq[i], mon[i], r5[i], f5[i], m5[i], seg));
        }
        return new RfmSegments(window, customers, counts);
    }

    /// <summary>1 + ⌊5 × (values strictly below) / n⌋: ties share a score, higher values score higher.</summary>
    internal static int[] Scores(double[] values)
    {
        int n = values.Length;
        var order = Enumerable.Range(0, n).ToArray();
        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var scores = new int[n];
        int below = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j < n && keys[j] == keys[i]) j++;
            int score = Math.Min(5, 1 + (int)(5L * below / n));
            for (int k = i; k < j; k++) scores[order[k]] = score;
            below = j;
            i = j;
        }
        return scores;
    }

    /// <summary>Customers per segment, in <see cref="SegmentOrder"/>.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Segment", SegmentOrder).Add("Customers", SegmentOrder.Select(s => SegmentCounts[s])).Build();

    /// <summary>Every customer's scores.</summary>
    public DataFrame CustomersToDataFrame() => new FrameBuilder()
        .Add("CustomerId", Customers.Select(c => c.CustomerId)).Add("RecencyDays", Customers.Select(c => c.RecencyDays))
        .Add("Frequency", Customers.Select(c => c.Frequency)).Add("Monetary", Customers.Select(c => c.Monetary))
        .Add("R", Customers.Select(c => c.R)).Add("F", Customers.Select(c => c.F)).Add("M", Customers.Select(c => c.M))
        .Add("Segment", Customers.Select(c => c.Segment)).Build();

    public override string ToString() => "RFM segments: " + string.Join(", ", SegmentOrder.Select(s => $"{s} {SegmentCounts[s]:N0}"));
}
