using System.Globalization;
using RetentionKit.Data;

namespace RetentionKit.Synthetic;

/// <summary>Everything the generator makes from one <see cref="SyntheticOptions"/>.</summary>
/// <param name="Options">The ground truth it was drawn from.</param>
/// <param name="Transactions">Order lines and returns.</param>
/// <param name="Memberships">Loyalty programme members (who joined at their second order).</param>
/// <param name="Subscriptions">A separate subscription business (contractual data).</param>
/// <param name="Invoices">One invoice per purchase order (credit sales), some still open at the end.</param>
/// <param name="Surveys">NPS and CSAT answers, and cancellation reasons from subscribers who left.</param>
/// <param name="Dropouts">The ground truth of who left: each customer who dropped out, with the time of their final
/// order (they decided to leave right after it). Customers not here were still buying when the data ends.</param>
public sealed record SyntheticDataset(
    SyntheticOptions Options,
    Transactions Transactions,
    IReadOnlyList<LoyaltyMembership> Memberships,
    IReadOnlyList<Subscription> Subscriptions,
    IReadOnlyList<Invoice> Invoices,
    IReadOnlyList<SurveyResponse> Surveys,
    IReadOnlyDictionary<string, DateTime> Dropouts)
{
    /// <summary>
    /// Customers who had already made their final order before <paramref name="asOf"/>, within the last
    /// <paramref name="horizonDays"/> days: gone, but recently enough that a warning could still reach them.
    /// </summary>
    public IReadOnlySet<string> RecentDropouts(DateTime asOf, double horizonDays) =>
        Dropouts.Where(d => d.Value < asOf && d.Value >= asOf.AddDays(-horizonDays)).Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
}

/// <summary>
/// Seeded synthetic retention data with documented ground truth (see <see cref="SyntheticOptions"/>).
/// Deterministic for a seed. Customers follow a buy-till-you-die process: after each order they leave
/// for good with the dropout probability; otherwise the next order comes after a gamma-distributed
/// interval whose median is their own cycle (the purchase cycle times a customer multiplier).
/// </summary>
public static class SyntheticData
{
    private const int FirstCustomerId = 10_000;
    private const int FirstOrderNo = 100_000;

    /// <summary>All tables.</summary>
    public static SyntheticDataset Generate(SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        options.Validate();
        var members = new List<LoyaltyMembership>();
        var invoices = new List<Invoice>();
        var dropouts = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var builder = NewBuilder(options);
        Build(options, members, invoices, dropouts, builder);
        var transactions = builder.Build();
        var subscriptions = BuildSubscriptions(options);
        var surveys = BuildSurveys(options, subscriptions);
        return new SyntheticDataset(options, transactions, members, subscriptions, invoices, surveys, dropouts);
    }

    /// <summary>Only the transactions (for large benchmark runs: no side tables are kept).</summary>
    public static Transactions GenerateTransactions(SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        options.Validate();
        var builder = NewBuilder(options);
        Build(options, null, null, null, builder);
        return builder.Build();
    }

    /// <summary>
    /// Writes the transactions of <paramref name="options"/> to a CSV file (gzip when the name ends in .gz) as they are
    /// generated: the same file <see cref="TransactionWriter.WriteCsv(Transactions, string, bool?)"/> would write from
    /// <see cref="GenerateTransactions"/>, without holding the table. Returns the lines written.
    /// </summary>
    public static long WriteTransactions(SyntheticOptions options, string path)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var sink = new CsvLineSink(TransactionWriter.Open(path));
        Build(options, null, null, null, sink);
        return sink.Lines;
    }

    /// <summary>Options with enough customers for about <paramref name="rows"/> lines, measured on a pilot run of the same options.</summary>
    public static SyntheticOptions ForRows(long rows, SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        var pilot = GenerateTransactions(options with { Customers = 2_000 });
        double perCustomer = Math.Max(1, pilot.Count / 2_000.0);
        return options with { Customers = (int)Math.Min(int.MaxValue, Math.Ceiling(rows / perCustomer)) };
    }

    private static TransactionsBuilder NewBuilder(SyntheticOptions o) =>
        new("C", hasOrders: true, hasQuantity: true, hasUnitPrice: true, hasAmount: false, hasProducts: true,
            capacity: (int)Math.Min(1L << 26, Math.Max(1024L, o.Customers * 8L)));

    private static void Build(SyntheticOptions o, List<LoyaltyMembership>? members, List<Invoice>? invoices, Dictionary<string, DateTime>? dropouts, ILineSink b)
    {
        var rng = new Random(o.Seed);
        var prices = new double[o.Products];
        var productIds = new string[o.Products];
        for (int p = 0; p < o.Products; p++)
        {
            prices[p] = Math.Round(Math.Exp(1.0 + 0.9 * rng.StandardNormal()), 2) + 0.29;
            productIds[p] = (20_000 + p).ToString(CultureInfo.InvariantCulture);
        }
        double windowDays = (o.End - o.Start).TotalDays;
        double medianShape = Sampling.GammaMedian(o.IntervalRegularity);
        int orderNo = FirstOrderNo;
        Span<char> idBuf = stackalloc char[16];
        Span<char> orderBuf = stackalloc char[16];
        Span<char> cancelBuf = stackalloc char[17];
        cancelBuf[0] = 'C';
        var lines = new List<(int Product, int Qty, double Price)>();

        for (int c = 0; c < o.Customers; c++)
        {
            (FirstCustomerId + c).TryFormat(idBuf, out int idLen, provider: CultureInfo.InvariantCulture);
            var customerId = idBuf[..idLen];
            double cycle = o.PurchaseCycleDays * rng.Gamma(o.CycleHeterogeneity, 1 / o.CycleHeterogeneity);
            double meanOrder = o.MeanOrderValue * rng.Gamma(o.SpendHeterogeneity, 1 / o.SpendHeterogeneity);
            bool joins = rng.NextDouble() < o.LoyaltyJoinProbability;
            double t = rng.NextDouble() * windowDays * o.AcquisitionWindowShare;
            int orders = 0;
            while (t < windowDays)
            {
                var when = o.Start.AddDays(Math.Floor(t)).AddMinutes(8 * 60 + rng.Next(12 * 60));
                if (when >= o.End) break;
                orders++;
                if (orders == 2 && joins) members?.Add(new LoyaltyMembership(customerId.ToString(), when));
                bool anonymous = o.MissingCustomerShare > 0 && rng.NextDouble() < o.MissingCustomerShare;
                var who = anonymous ? ReadOnlySpan<char>.Empty : customerId;
                orderNo++;
                orderNo.TryFormat(orderBuf, out int orderLen, provider: CultureInfo.InvariantCulture);
                double value = rng.Gamma(o.OrderValueShape, meanOrder / o.OrderValueShape);
                SplitIntoLines(rng, o, value, prices, lines);
                double invoiced = 0;
                foreach (var (product, qty, price) in lines)
                {
                    b.Add(who, orderBuf[..orderLen], when, qty, price, qty * price, productIds[product], false);
                    invoiced += qty * price;
                    if (rng.NextDouble() < o.ReturnProbability)
                    {
                        var back = when.AddDays(1 + rng.Next(30));
                        if (back < o.End)
                        {
                            int returned = 1 + rng.Next(qty);
                            orderBuf[..orderLen].CopyTo(cancelBuf[1..]);
                            b.Add(who, cancelBuf[..(orderLen + 1)], back, -returned, price, -returned * price, productIds[product], true);
                        }
                    }
                }
                if (invoices is not null && !anonymous)
                {
                    double daysToPay = rng.Gamma(4, o.MeanDaysToPay / 4);
                    var paid = when.Date.AddDays(Math.Round(daysToPay));
                    invoices.Add(new Invoice("INV-" + orderNo.ToString(CultureInfo.InvariantCulture), customerId.ToString(), when.Date,
                        when.Date.AddDays(o.PaymentTermsDays), Math.Round(invoiced, 2), paid < o.End ? paid : null));
                }
                if (rng.NextDouble() < o.DropoutProbability) { dropouts?.Add(customerId.ToString(), when); break; }
                double myCycle = joins && orders >= 2 ? cycle / o.LoyaltyFrequencyUplift : cycle;
                t += Math.Max(1, rng.Gamma(o.IntervalRegularity, myCycle / medianShape));
            }
        }

    }

    private static void SplitIntoLines(Random rng, SyntheticOptions o, double value, double[] prices, List<(int, int, double)> lines)
    {
        lines.Clear();
        int n = 1 + rng.Poisson(o.MeanLinesPerOrder - 1);
        Span<double> w = stackalloc double[Math.Min(n, 64)];
        n = w.Length;
        double total = 0;
        for (int i = 0; i < n; i++) total += w[i] = rng.Exponential(1);
        for (int i = 0; i < n; i++)
        {
            // Popular products are picked more often (a power law over the catalogue).
            int product = (int)(prices.Length * Math.Pow(rng.NextDouble(), 2.5));
            double lineValue = value * w[i] / total;
            int qty = Math.Max(1, (int)Math.Round(lineValue / prices[product]));
            double price = Math.Max(0.01, Math.Round(lineValue / qty, 2));
            lines.Add((product, qty, price));
        }
    }

    private static List<Subscription> BuildSubscriptions(SyntheticOptions o)
    {
        var rng = new Random(unchecked(o.Seed * 31 + 7));
        var plans = Sampling.Cumulative(o.Plans.Select(p => p.Share).ToArray());
        var result = new List<Subscription>(o.Subscribers);
        double windowDays = (o.End - o.Start).TotalDays;
        for (int s = 0; s < o.Subscribers; s++)
        {
            var start = o.Start.AddDays(Math.Floor(rng.NextDouble() * windowDays * o.AcquisitionWindowShare));
            int months = 1;
            while (rng.NextDouble() >= o.MonthlySubscriptionChurn && months < 10_000) months++;
            var end = start.AddMonths(months);
            result.Add(new Subscription("S" + (FirstCustomerId + s).ToString(CultureInfo.InvariantCulture), start,
                end < o.End ? end : null, o.Plans[rng.Categorical(plans)].Price));
        }
        return result;
    }

    private static List<SurveyResponse> BuildSurveys(SyntheticOptions o, List<Subscription> subscriptions)
    {
        var rng = new Random(unchecked(o.Seed * 31 + 11));
        var nps = Sampling.Cumulative(o.NpsMix.Detractors, o.NpsMix.Passives, o.NpsMix.Promoters);
        var csat = Sampling.Cumulative(o.CsatMix.ToArray());
        var reasons = Sampling.Cumulative(o.ChurnReasons.Select(r => r.Share).ToArray());
        var result = new List<SurveyResponse>();
        double windowDays = (o.End - o.Start).TotalDays;
        for (int c = 0; c < o.Customers; c++)
        {
            if (rng.NextDouble() >= o.SurveyResponseShare) continue;
            int score = rng.Categorical(nps) switch { 0 => rng.Next(0, 7), 1 => rng.Next(7, 9), _ => rng.Next(9, 11) };
            result.Add(new SurveyResponse((FirstCustomerId + c).ToString(CultureInfo.InvariantCulture),
                o.Start.AddDays(Math.Floor(rng.NextDouble() * windowDays)), score, 1 + rng.Categorical(csat)));
        }
        foreach (var s in subscriptions.Where(s => s.End is not null))
            result.Add(new SurveyResponse(s.CustomerId, s.End!.Value, ChurnReason: o.ChurnReasons[rng.Categorical(reasons)].Reason));
        return result;
    }
}
