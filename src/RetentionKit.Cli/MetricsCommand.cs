using System.CommandLine;
using System.Globalization;
using System.Text;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;

namespace RetentionKit.Cli;

/// <summary><c>retention metrics FILE</c>: the metric suite as tables or JSON.</summary>
internal static class MetricsCommand
{
    /// <summary>The suite options every command that computes metrics shares.</summary>
    internal sealed class SuiteArguments
    {
        public Option<string> Period { get; } = new("--period") { Description = "week, month, quarter, half-year, year, a number of days (14d), or auto (the recommended period: ≥ 3 purchase cycles)", DefaultValueFactory = _ => "auto" };
        public Option<string?> From { get; } = new("--from") { Description = "Window start, yyyy-MM-dd (inclusive; default: first order day)" };
        public Option<string?> To { get; } = new("--to") { Description = "Window end, yyyy-MM-dd (exclusive; default: the day after the last order)" };
        public Option<double> ChurnAlert { get; } = new("--churn-alert") { Description = "A monthly lapse rate above this raises the churn alert (default 0.07, seed 000's 7 %)", DefaultValueFactory = _ => 0.07 };
        public Option<int> BurnIn { get; } = new("--burn-in") { Description = "Days after the data starts that count as history only, so customers who bought before the data are not counted new (default 0)", DefaultValueFactory = _ => 0 };
        public Option<int> LapseCycles { get; } = new("--lapse-cycles") { Description = "Purchase cycles without an order after which a customer has lapsed (default 3)", DefaultValueFactory = _ => 3 };
        public Option<string> Anchor { get; } = new("--anchor") { Description = "Where periods start: auto (calendar, or the first day of the data when that gives more fully observed comparisons), calendar, or start", DefaultValueFactory = _ => "auto" };

        public void AddTo(Command c) { c.Options.Add(Period); c.Options.Add(From); c.Options.Add(To); c.Options.Add(ChurnAlert); c.Options.Add(BurnIn); c.Options.Add(LapseCycles); c.Options.Add(Anchor); }

        public SuiteOptions Build(ParseResult r)
        {
            var p = r.GetValue(Period) ?? "auto";
            PeriodLength? length;
            try { length = p.Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : PeriodLength.Parse(p); }
            catch (ArgumentException e) { throw new UsageException("--period: " + Program.Clean(e.Message)); }
            double alert = r.GetValue(ChurnAlert);
            if (alert is < 0 or > 1 || double.IsNaN(alert)) throw new UsageException($"--churn-alert: expected a fraction between 0 and 1 (0.07 for 7 %), got {alert.ToString(CultureInfo.InvariantCulture)}.");
            int burnIn = r.GetValue(BurnIn);
            if (burnIn is < 0 or > 3660) throw new UsageException($"--burn-in: expected a number of days from 0 to 3660, got {burnIn}.");
            int lapse = r.GetValue(LapseCycles);
            if (lapse is < 1 or > 24) throw new UsageException($"--lapse-cycles: expected a whole number of purchase cycles from 1 to 24, got {lapse}.");
            var anchor = (r.GetValue(Anchor) ?? "auto").ToLowerInvariant() switch
            {
                "auto" => PeriodAnchor.Auto,
                "calendar" => PeriodAnchor.Calendar,
                "start" => PeriodAnchor.WindowStart,
                var other => throw new UsageException($"--anchor: expected auto, calendar or start, got '{other}'."),
            };
            return new SuiteOptions
            {
                Period = length, From = CliDates.Parse(r.GetValue(From), "--from"), To = CliDates.Parse(r.GetValue(To), "--to"),
                ChurnAlertThreshold = alert, BurnInDays = burnIn, LapseCycles = lapse, Anchor = anchor,
            };
        }
    }

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "Transaction file: CSV, .csv.gz, or CDNOW text (--preset cdnow)" };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var loader = new LoaderArguments();
        var suite = new SuiteArguments();
        var tables = new TableArguments();
        var engine = new EngineArguments();
        var cmd = new Command("metrics", "Compute the retention metric suite on a transaction file, and on the other tables given.") { file, json };
        loader.AddTo(cmd);
        suite.AddTo(cmd);
        tables.AddTo(cmd);
        engine.AddTo(cmd);
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            var options = suite.Build(r);
            var loadOptions = loader.Build(r);
            var load = engine.Reduce(r, r.GetValue(file)!, loadOptions, stderr);
            var report = MetricSuite.Compute(load, options);
            var files = tables.Paths(r);
            var (other, otherReports) = files is null ? (null, []) : TableArguments.Load(files, loadOptions, _ => { });
            var otherMetrics = other is null ? null : OtherTableMetrics.Compute(other, report.History);
            if (r.GetValue(json))
            {
                var main = Json.Write(ToJson(report, load.Report));
                stdout.WriteLine(otherMetrics is null ? main : Json.WriteWith(ToJson(report, load.Report), "otherTables", new
                {
                    loadReports = otherReports.Select(t => new { source = t.Source, table = t.Table, rowsRead = t.RowsRead, rowsAccepted = t.RowsAccepted, rowsRejected = t.RowsRejected, rejectionCounts = t.RejectionCounts }),
                    subscriptions = otherMetrics.Subscriptions?.Periods.Select(p => new { start = p.Period.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), s = p.S, e = p.E, n = p.N, lost = p.Lost, retention = Num(p.RetentionRate.Value), churn = Num(p.ChurnRate.Value), churnPer30Days = Num(p.ChurnRate30Days), alert = p.ChurnAlert, mrrChurn = Num(p.MrrChurn.Value) }),
                    receivables = otherMetrics.Receivables?.Periods.Select(p => new { start = p.Period.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dso = Num(p.Dso), weightedDaysToPay = Num(p.WeightedDaysToPay) }),
                    nps = otherMetrics.Nps is { } n ? new { score = n.Score, responses = n.Responses, promoters = n.Promoters, passives = n.Passives, detractors = n.Detractors } : null,
                    csat = otherMetrics.Csat is { } c ? new { score = Num(c.Score.Value), responses = c.Responses } : null,
                    churnReasons = otherMetrics.Reasons?.Reasons.Select(x => new { reason = x.Reason, count = x.Count, share = x.Share }),
                    reasonsNotCoded = otherMetrics.Coded?.NotCoded,
                    loyaltyEffect = otherMetrics.Loyalty?.FrequencyEffect?.ToString(),
                }));
            }
            else
            {
                var text = ToText(report, load.Report);
                if (otherMetrics is not null)
                    text += "\n\nOther tables\n" + string.Join("\n", otherReports.Select(t => $"{t.Source} ({t.Table}): {t.RowsRead:N0} rows read = {t.RowsAccepted:N0} accepted + {t.RowsRejected:N0} rejected"))
                        + "\n" + otherMetrics;
                stdout.WriteLine(text);
            }
            return 0;
        }));
        return cmd;
    }

    private static string Iso(DateTime d) => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    private static double? Num(double v) => double.IsFinite(v) ? v : null;

    internal static object ToJson(MetricReport m, LoadReport load)
    {
        var ret = m.Retention.Periods;
        var rev = m.Revenue.Periods;
        return new
        {
            source = load.Source,
            load = LoadSummary.Json(load),
            rowsAccepted = load.RowsAccepted,
            window = new { start = Iso(m.Window.Start), end = Iso(m.Window.End) },
            purchaseCycle = new
            {
                pooledMedianDays = m.Cycle.PooledMedianDays,
                customerMedianDays = m.Cycle.CustomerMedianDays,
                customersWithRepeat = m.Cycle.CustomersWithRepeat,
                intervals = m.Cycle.IntervalCount,
                recommendedPeriod = m.Cycle.RecommendedPeriod.Name,
                reasoning = m.Cycle.Reasoning,
            },
            period = m.Grid.Length.Name,
            periodDays = m.Retention.PeriodDays,
            churnAlertThreshold = m.Lapse.AlertThreshold,
            lapse = new
            {
                cycles = m.Lapse.Cycles,
                lapseDays = m.Lapse.LapseDays,
                months = m.Lapse.Months.Select(x => new { month = x.Month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture), live = x.Live, lapsed = x.Lapsed, rate = x.LapseRate.Value, alert = x.Alert }),
                monthsAboveAlert = m.Lapse.Months.Count(x => x.Alert),
            },
            // A dictionary keeps the spec's capitals (S, E, N), which the camelCase policy would lower.
            periods = ret.Select((p, k) => new Dictionary<string, object?>
            {
                ["start"] = Iso(p.Period.Start),
                ["end"] = Iso(p.Period.End),
                ["S"] = p.S, ["E"] = p.E, ["N"] = p.N,
                ["retained"] = p.Retained, ["lost"] = p.Lost, ["reactivated"] = p.Reactivated,
                ["retentionRate"] = p.RetentionRate.Value,
                ["strictRetentionRate"] = p.StrictRetentionRate.Value,
                ["churnRate"] = p.ChurnRate.Value,
                ["reactivatedShare"] = p.ReactivatedShare.Value,
                ["revenueChurn"] = rev[k].RevenueChurn.Value,
                ["revenueLost"] = rev[k].RevenueLost,
                ["lostCustomerRevenueChurn"] = rev[k].LostCustomerRevenueChurn.Value,
                ["grr"] = rev[k].Grr.Value,
                ["nrr"] = rev[k].Nrr.Value,
                ["existingCustomerGrowth"] = rev[k].ExistingCustomerGrowth,
                ["netRevenue"] = rev[k].NetRevenue,
                ["orders"] = rev[k].Orders,
                ["aov"] = rev[k].Aov.Value,
                ["purchaseFrequency"] = rev[k].PurchaseFrequency.Value,
                ["warnings"] = p.Warnings.Concat(rev[k].Warnings).Distinct().ToList(),
            }),
            existingCustomerRevenueTrend = new { trend = m.Revenue.Trend.ToString().ToLowerInvariant(), explanation = m.Revenue.TrendExplanation },
            repeatPurchaseRatio = m.Repeat.RepeatPurchaseRatio.Value,
            loyalCustomerRate = m.Repeat.LoyalCustomerRate.Value,
            repeat = new
            {
                customers = m.Repeat.Customers,
                repeatCustomers = m.Repeat.RepeatCustomers,
                loyalThreshold = m.Repeat.LoyalThreshold,
                loyalCustomers = m.Repeat.LoyalCustomers,
                withinDays = m.Repeat.WithinDays,
                repeatWithinDays = m.Repeat.RepeatWithinDays.Value,
                repeatAnnualSpend = m.Repeat.RepeatAnnualSpend,
                oneTimeAnnualSpend = m.Repeat.OneTimeAnnualSpend,
                repeatSpendRatio = m.Repeat.RepeatSpendRatio.Value,
            },
            returnRate = new
            {
                units = m.Returns.ByUnits.Value,
                value = m.Returns.ByValue.Value,
                unitsSold = m.Returns.UnitsSold,
                unitsReturned = m.Returns.UnitsReturned,
                topProducts = m.Returns.TopProducts.Take(10).Select(p => new { product = p.ProductId, name = p.Name, unitsSold = p.UnitsSold, unitsReturned = p.UnitsReturned, rate = p.ReturnRate.Value }),
            },
            cohorts = new
            {
                starts = m.Cohorts.Starts.Select(Iso),
                sizes = m.Cohorts.Sizes,
                matrix = m.Cohorts.Matrix.Select((row, c) => row.Take(m.Cohorts.Starts.Count - c)),
                customersBeforeWindow = m.Cohorts.CustomersBeforeWindow,
            },
            rfm = m.Rfm.SegmentCounts,
            atRisk = new
            {
                asOf = Iso(m.AtRisk.AsOf),
                customersChecked = m.AtRisk.CustomersChecked,
                checkedOnOwnRhythm = m.AtRisk.CheckedOnOwnRhythm,
                checkedOnPopulationCycle = m.AtRisk.CheckedOnPopulationCycle,
                lapsed = m.AtRisk.Lapsed,
                flagged = m.AtRisk.Customers.Count,
                top = m.AtRisk.Customers.Take(10).Select(c => new { customerId = c.CustomerId, daysSinceLastOrder = c.DaysSinceLastOrder, rhythmDays = c.TypicalIntervalDays, rule = c.Rule, action = c.Action.ToString(), reasons = c.Reasons }),
            },
            warnings = m.Warnings,
        };
    }

    private static string Pct(Rate r) => r.IsDefined ? (r.Value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
    private static string Pct(double v) => double.IsNaN(v) ? "n/a" : (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    internal static string ToText(MetricReport m, LoadReport load)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(LoadSummary.Text(load)).Append('\n');
        sb.Append(inv, $"{m.History.CustomerCount:N0} customers, {m.History.OrderCount:N0} orders; window {m.Window}\n\n");
        sb.Append(inv, $"Purchase cycle\n  {m.Cycle.Reasoning}\n  period used: {m.Grid.Length.Name}\n\n");
        sb.Append(inv, $"Retention per {m.Grid.Length.Name} ((E − N)/S = strict + reactivated/S; strict + churn = 100 %)\n");
        sb.Append("  start       end              S      E      N  retained   lost  react.  retention  strict  react/S   churn\n");
        foreach (var p in m.Retention.Periods)
        {
            sb.Append(inv, $"  {p.Period.Start:yyyy-MM-dd}  {p.Period.End:yyyy-MM-dd}  {p.S,6} {p.E,6} {p.N,6} {p.Retained,9} {p.Lost,6} {p.Reactivated,7}  {Pct(p.RetentionRate),9} {Pct(p.StrictRetentionRate),7} {Pct(p.ReactivatedShare),8} {Pct(p.ChurnRate),7}\n");
            foreach (var w in p.Warnings.Except(m.Retention.Warnings)) sb.Append("    note: ").Append(w).Append('\n');
        }
        sb.Append(inv, $"\nChurn alert: monthly lapse rate ({m.Lapse.Cycles} cycles = {m.Lapse.LapseDays:0} days without an order), alert above {m.Lapse.AlertThreshold:0.#%} per month\n");
        foreach (var x in m.Lapse.Months)
            sb.Append(inv, $"  {x.Month.Start:yyyy-MM}  live {x.Live,7}  lapsed {x.Lapsed,6}  {Pct(x.LapseRate),7}  {(x.Alert ? "ALERT" : "")}\n");
        if (m.Lapse.Months.Count == 0) sb.Append("  no fully observed month\n");
        sb.Append(inv, $"\nRevenue per {m.Grid.Length.Name}\n");
        sb.Append("  start          net revenue  rev.churn    GRR     NRR  existing growth      AOV  frequency\n");
        foreach (var p in m.Revenue.Periods)
            sb.Append(inv, $"  {p.Period.Start:yyyy-MM-dd}  {p.NetRevenue,15:N2} {Pct(p.RevenueChurn),9} {Pct(p.Grr),6} {Pct(p.Nrr),7} {Pct(p.ExistingCustomerGrowth),16} {p.Aov.Value,8:N2} {p.PurchaseFrequency.Value,10:0.00}\n");
        sb.Append(inv, $"  existing-customer revenue: {m.Revenue.Trend.ToString().ToLowerInvariant()} ({m.Revenue.TrendExplanation})\n\n");
        sb.Append(inv, $"Repeat and loyalty\n  {m.Repeat}\n\n");
        sb.Append(inv, $"Returns\n  {m.Returns}\n\n");
        sb.Append(inv, $"Cohorts (share of each {m.Grid.Length.Name}'s new customers ordering again n {m.Grid.Length.Name}s later)\n");
        for (int c = 0; c < m.Cohorts.Starts.Count; c++)
        {
            sb.Append(inv, $"  {m.Cohorts.Starts[c]:yyyy-MM-dd} {m.Cohorts.Sizes[c],6}  ");
            sb.Append(string.Join(" ", m.Cohorts.Matrix[c].Take(m.Cohorts.Starts.Count - c).Select(v => double.IsNaN(v) ? "   - " : (v * 100).ToString("0", inv).PadLeft(4) + "%")));
            sb.Append('\n');
        }
        sb.Append(inv, $"\nRFM segments at {m.Window.End:yyyy-MM-dd}\n");
        foreach (var (seg, n) in m.Rfm.SegmentCounts) sb.Append(inv, $"  {seg,-20} {n,7:N0}\n");
        sb.Append('\n').Append(m.AtRisk).Append('\n');
        foreach (var c in m.AtRisk.Customers.Take(10)) sb.Append(inv, $"  {c.CustomerId,-12} {c.Action,-12} {string.Join("; ", c.Reasons)}\n");
        if (m.Warnings.Count > 0)
        {
            sb.Append("\nWarnings\n");
            foreach (var w in m.Warnings) sb.Append("  - ").Append(w).Append('\n');
        }
        return sb.ToString();
    }
}
