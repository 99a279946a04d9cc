using System.Globalization;
using RetentionKit.Clv;
using RetentionKit.Cohorts;
using RetentionKit.EarlyWarning;
using RetentionKit.Periods;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Returns;
using RetentionKit.Revenue;
using RetentionKit.Segments;
using RetentionKit.Surveys;
using RetentionKit.Survival;
using static RetentionKit.Charts.Plot;

namespace RetentionKit.Charts;

/// <summary>Chart builders: each takes a result and returns a plotly.js figure; none opens a browser.</summary>
public static class RetentionCharts
{
    // Each period by its own span ("2011-03", "Mar–May 2011", "Dec 2010–May 2011") on a category axis: a date axis put
    // monthly ticks under quarterly points.
    private static object[] Starts(IEnumerable<Period> periods) => periods.Select(p => (object)Label(p)).ToArray();

    // The shared category axis of a two-panel chart, drawn under the bottom panel.
    private static Dictionary<string, object> BottomCategories(string title)
    {
        var x = Axis(title, type: "category");
        x["anchor"] = "y2";
        return x;
    }

    // Long category labels wrap onto lines of about 18 characters (plotly reads <br> in labels; the text is escaped first).
    private static string Wrapped(string label, int width = 18)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (var word in label.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width) { lines.Add(line.ToString()); line.Clear(); }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        return string.Join("<br>", lines.Select(Text));
    }

    internal static string Label(Period p)
    {
        var last = p.End.AddDays(-1);
        var inv = CultureInfo.InvariantCulture;
        if (p.Start.Day == 1 && p.End == p.Start.AddMonths(1)) return p.Start.ToString("yyyy-MM", inv);
        if (p.Start.Day == 1 && p.End.Day == 1)
            return p.Start.Year == last.Year ? $"{p.Start.ToString("MMM", inv)}–{last.ToString("MMM yyyy", inv)}" : $"{p.Start.ToString("MMM yyyy", inv)}–{last.ToString("MMM yyyy", inv)}";
        return $"{Iso(p.Start)} to {Iso(last)}";
    }

    /// <summary>Retention (seed and strict) and churn per period; short periods marked.</summary>
    public static Figure Retention(PeriodRetention r, PurchaseCycle? cycle = null)
    {
        var x = Starts(r.Periods.Select(p => p.Period));
        var traces = new List<Trace>
        {
            Line("Retention (E − N) / S, can pass 100 % with reactivations", x, r.Periods.Select(p => p.RetentionRate.Value), Blue, hover: "%{y:.1%}"),
            Line("Strict retention (retained / S)", x, r.Periods.Select(p => p.StrictRetentionRate.Value), Green, "dot", hover: "%{y:.1%}"),
            Line("Churn (lost / S)", x, r.Periods.Select(p => p.ChurnRate.Value), Vermilion, hover: "%{y:.1%}"),
        };
        string? shortNote = cycle?.ShortPeriodWarning(r.Length) is null ? null
            : string.Create(CultureInfo.InvariantCulture, $"⚠ a {r.Length.Name} spans {cycle!.CyclesIn(r.Length):0.##} purchase cycles (< 3): read with care");
        return Chart($"Retention and churn per {r.Length.Name}", traces, Axis(Cap(r.Length.Name), type: "category"),
            Axis("Share of S (start customers)", ".0%"), l =>
        {
            if (shortNote is not null) l.SetProperty("annotations", new[] { Note(shortNote, 0.01, 1.06) });
        });
    }

    /// <summary>The monthly lapse rate (churn comparable with a monthly threshold) with the alert line.</summary>
    public static Figure Lapse(LapseRates r)
    {
        var x = r.Months.Select(m => (object)m.Month.Start.ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToArray();
        var bars = Bar("Lapse rate", x, r.Months.Select(m => m.LapseRate.Value), Vermilion, "%{y:.1%}");
        bars.SetProperty("marker", new Dictionary<string, object> { ["color"] = r.Months.Select(m => m.Alert ? Vermilion : Sky).ToArray() });
        bars.SetProperty("customdata", r.Months.Select(m => new object[] { m.Lapsed, m.Live }).ToArray());
        bars.SetProperty("hovertemplate", "%{x}: %{customdata[0]} of %{customdata[1]} live customers lapsed (%{y:.1%})<extra></extra>");
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Monthly lapse rate: customers who passed {r.Cycles} purchase cycles ({r.LapseDays:0} days) without an order"),
            [bars], Axis("Month", type: "category"), Axis("Share of live customers who lapsed", ".0%"), l =>
            {
                l.SetProperty("shapes", new[] { HorizontalLine(r.AlertThreshold, Vermilion) });
                l.SetProperty("annotations", new[] { Note($"alert: {Pct(r.AlertThreshold)} per month (red bars are above it)", 0.01, 1.06) });
                l.SetProperty("hovermode", "closest");
            });
    }

    /// <summary>Histogram of inter-purchase intervals, with the cycle and three cycles marked.</summary>
    public static Figure PurchaseIntervals(PurchaseCycle c, int maxDays = 365)
    {
        // Both distributions, each with its own median: every interval (frequent buyers weigh most), and each repeat
        // customer's own median (each customer once), which the cycle is the median of.
        var bins = new Dictionary<string, object> { ["start"] = 0, ["end"] = maxDays, ["size"] = 7 };
        var hist = Trace("histogram", ("name", $"all intervals (median {c.PooledMedianDays:0.#} d)"), ("x", c.IntervalsDays.Where(d => d <= maxDays).Select(d => (double)d).ToArray()), ("xbins", bins),
            ("histnorm", "probability"), ("marker", new Dictionary<string, object> { ["color"] = Sky }), ("opacity", 0.75), ("hovertemplate", "%{x} days: %{y:.1%} of intervals<extra></extra>"));
        var medians = Trace("histogram", ("name", $"customers' own medians (median {c.CustomerMedianDays:0.#} d = the cycle)"), ("x", c.CustomerMediansDays.Where(d => d <= maxDays).ToArray()), ("xbins", bins),
            ("histnorm", "probability"), ("marker", new Dictionary<string, object> { ["color"] = Orange }), ("opacity", 0.6), ("hovertemplate", "%{x} days: %{y:.1%} of customers<extra></extra>"));
        return Chart("Days between orders: every interval, and each customer's own median", [hist, medians], Axis("Days between consecutive order dates (weekly bins)"), Axis("Share", ".0%"), l =>
        {
            var shapes = new List<object>();
            var notes = new List<object>();
            if (double.IsFinite(c.CycleDays))
            {
                shapes.Add(VerticalLine(c.PooledMedianDays, Sky));
                shapes.Add(VerticalLine(c.CycleDays, Orange));
                shapes.Add(VerticalLine(3 * c.CycleDays, Vermilion, "dot"));
                shapes.Add(VerticalLine(c.RecommendedPeriod.NominalDays, Green, "solid"));
                notes.Add(Note(string.Create(CultureInfo.InvariantCulture, $"cycle {c.CycleDays:0.#} d"), c.CycleDays, 1.02, "x"));
                notes.Add(Note(string.Create(CultureInfo.InvariantCulture, $"3 cycles {3 * c.CycleDays:0.#} d"), 3 * c.CycleDays, 0.95, "x"));
                notes.Add(Note($"recommended: {c.RecommendedPeriod.Name}", c.RecommendedPeriod.NominalDays, 0.88, "x"));
            }
            l.SetProperty("shapes", shapes);
            l.SetProperty("annotations", notes);
            l.SetProperty("bargap", 0.05);
            l.SetProperty("barmode", "overlay");
            l.SetProperty("hovermode", "closest");
        });
    }

    /// <summary>Cohort heatmap: percent labels, cohort sizes on the axis.</summary>
    public static Figure Cohorts(CohortMatrix m)
    {
        int n = m.Starts.Count;
        var y = m.Starts.Select((s, c) => (object)$"{Iso(s)} (n={m.Sizes[c]})").ToArray();
        var z = m.Matrix.Select(row => Clean(row)).ToArray();
        var text = m.Matrix.Select(row => row.Select(v => double.IsFinite(v) ? Pct(v) : "").ToArray()).ToArray();
        var heat = Trace("heatmap", ("x", Enumerable.Range(0, n).Select(j => (object)j).ToArray()), ("y", y), ("z", z), ("text", text),
            ("texttemplate", "%{text}"), ("colorscale", new object[] { new object[] { 0, "#f7fbff" }, new object[] { 0.5, "#6baed6" }, new object[] { 1, "#08306b" } }), ("zmin", 0), ("zmax", 1),
            ("colorbar", new Dictionary<string, object> { ["tickformat"] = ".0%", ["title"] = new Dictionary<string, object> { ["text"] = "active" } }),
            ("hovertemplate", "cohort %{y}, +%{x}: %{z:.1%}<extra></extra>"));
        return Chart($"Acquisition cohorts: share still ordering n {m.Length.Name}s later", [heat],
            Axis($"{Cap(m.Length.Name)}s since the first order", type: "category"), Axis("Cohort (first order)", type: "category"), l =>
            {
                ((Dictionary<string, object>)l["yaxis"]!).Add("autorange", "reversed");
                l.SetProperty("hovermode", "closest");
            }, height: Math.Max(420, 38 * n + 120));
    }

    /// <summary>GRR, NRR and revenue churn per period.</summary>
    public static Figure RevenueRetention(RevenueRetention r)
    {
        var x = Starts(r.Periods.Select(p => p.Period));
        return Chart($"Revenue retention per {r.Length.Name}", [
                Line("NRR", x, r.Periods.Select(p => p.Nrr.Value), Blue, hover: "%{y:.1%}"),
                Line("GRR", x, r.Periods.Select(p => p.Grr.Value), Green, hover: "%{y:.1%}"),
                Line("Revenue churn", x, r.Periods.Select(p => p.RevenueChurn.Value), Vermilion, hover: "%{y:.1%}"),
            ], Axis(Cap(r.Length.Name), type: "category"), Axis("Share of the start customers' previous revenue", ".0%"),
            l => l.SetProperty("annotations", new[] { Note($"existing-customer revenue: {r.Trend.ToString().ToLowerInvariant()}", 0.01, 1.06) }));
    }

    /// <summary>AOV and purchase frequency per period: two panels, each axis from zero (two truncated axes on one plot exaggerate change).</summary>
    public static Figure AovAndFrequency(RevenueRetention r, string currency = "")
    {
        var x = Starts(r.Periods.Select(p => p.Period));
        var aov = Bar($"AOV {currency}".Trim(), x, r.Periods.Select(p => p.Aov.Value), Blue, "%{y:,.2f}");
        var freq = Bar("Orders per active customer", x, r.Periods.Select(p => p.PurchaseFrequency.Value), Orange, "%{y:.2f}");
        freq.SetProperty("yaxis", "y2");
        foreach (var t in new[] { aov, freq }) t.SetProperty("cliponaxis", false);
        var top = Axis($"AOV {currency}".Trim(), ",.0f");
        top["domain"] = new[] { 0.56, 1.0 }; top["rangemode"] = "tozero";
        return Chart($"Average order value and purchase frequency per {r.Length.Name}", [aov, freq], BottomCategories(Cap(r.Length.Name)), top, l =>
        {
            var bottom = Axis("Orders per customer", ".1f");
            bottom["domain"] = new[] { 0.0, 0.42 }; bottom["rangemode"] = "tozero"; bottom["anchor"] = "x";
            l.SetProperty("yaxis2", bottom);
            l.SetProperty("hovermode", "closest");
        }, height: 520);
    }

    /// <summary>Customers by number of orders in the window (one, two to k − 1, k or more): the bars add up to 100 %.</summary>
    public static Figure RepeatCustomers(RepeatPurchase r)
    {
        double n = r.Customers;
        long middle = r.RepeatCustomers - r.LoyalCustomers;
        object[] x = ["1 order (one-time)", r.LoyalThreshold == 3 ? "2 orders" : $"2 to {r.LoyalThreshold - 1} orders", $"{r.LoyalThreshold}+ orders (loyal)"];
        var bar = Bar("customers", x, new[] { (n - r.RepeatCustomers) / n, middle / n, r.LoyalCustomers / n }, Blue, "%{y:.1%}");
        bar.SetProperty("marker", new Dictionary<string, object> { ["color"] = new[] { Grey, Blue, Green } });
        bar.SetProperty("cliponaxis", false);
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Customers by orders in the window: repeat (2+) {r.RepeatPurchaseRatio.Value:0.0%}, loyal ({r.LoyalThreshold}+) {r.LoyalCustomerRate.Value:0.0%}"),
            [bar], Axis("Orders in the window", type: "category"), Axis("Share of customers with an order", ".0%", new[] { 0.0, 1.0 }), l =>
            l.SetProperty("annotations", new[] { Note(string.Create(CultureInfo.InvariantCulture,
                $"spend per year, in the data's currency: repeat {r.RepeatAnnualSpend:N0}, one-time {r.OneTimeAnnualSpend:N0} ({r.RepeatSpendRatio.Value:0.0}×)"), 0.01, 1.06) }));
    }

    /// <summary>Members vs non-members and before vs after joining: days between orders (shorter is more often) and spend per order, one panel each.</summary>
    public static Figure Loyalty(LoyaltyProgramme p)
    {
        var x = p.Groups.Select(g => (object)g.Group).ToArray();
        var days = Bar("median days between orders", x, p.Groups.Select(g => g.MedianDaysBetweenOrders), Blue, "%{y:.0f} d");
        var spend = Bar("spend per order", x, p.Groups.Select(g => g.SpendPerOrder.Value), Orange, "%{y:,.2f}");
        spend.SetProperty("yaxis", "y2");
        foreach (var t in new[] { days, spend }) t.SetProperty("cliponaxis", false);
        var top = Axis("Median days between orders");
        top["domain"] = new[] { 0.56, 1.0 }; top["rangemode"] = "tozero";
        return Chart("Loyalty programme: members against non-members, and before against after joining", [days, spend], BottomCategories("Group"), top, l =>
        {
            var bottom = Axis("Spend per order", ",.0f");
            bottom["domain"] = new[] { 0.0, 0.42 }; bottom["rangemode"] = "tozero"; bottom["anchor"] = "x";
            l.SetProperty("yaxis2", bottom);
            l.SetProperty("hovermode", "closest");
            l.SetProperty("margin", new Dictionary<string, object> { ["l"] = 70, ["r"] = 30, ["t"] = 80, ["b"] = 60 });
        }, height: 540);
    }

    /// <summary>Return rate by units and value per period.</summary>
    public static Figure ReturnsPerPeriod(IReadOnlyList<ReturnRates> perPeriod, PeriodLength length)
    {
        var x = perPeriod.Select(r => (object)Iso(r.Window.Start)).ToArray();
        return Chart($"Return rate per {length.Name}", [
                Line("by units", x, perPeriod.Select(r => r.ByUnits.Value), Vermilion, hover: "%{y:.1%}"),
                Line("by value", x, perPeriod.Select(r => r.ByValue.Value), Purple, "dash", hover: "%{y:.1%}"),
            ], Axis($"{Cap(length.Name)} starting"), Axis("Returned / sold", ".0%"));
    }

    /// <summary>Most returned products: units returned, with their return rate.</summary>
    public static Figure TopReturnedProducts(ReturnRates r, int top = 15)
    {
        var rows = r.TopProducts.Take(top).Reverse().ToList();
        // Names where the data has them (with the code, since names repeat); plotly shows each label once, so codes keep them apart.
        var bar = Trace("bar", ("orientation", "h"), ("y", rows.Select(p => (object)Text(p.Name == p.ProductId ? p.ProductId : $"{p.Name} ({p.ProductId})")).ToArray()), ("x", rows.Select(p => p.UnitsReturned).ToArray()),
            ("text", rows.Select(p => Pct(p.ReturnRate.Value)).ToArray()), ("textposition", "outside"), ("name", "units returned"),
            ("marker", new Dictionary<string, object> { ["color"] = Vermilion }), ("hovertemplate", "%{y}: %{x:,} units returned (%{text} of sold)<extra></extra>"));
        return Chart("Most returned products: product returns by customers (label: returned / sold)", [bar], Axis("Units returned"), Axis("Product", type: "category"),
            l => l.SetProperty("hovermode", "closest"), height: Math.Max(420, 26 * rows.Count + 120));
    }

    /// <summary>NPS as a stacked bar of detractors, passives and promoters.</summary>
    public static Figure Nps(NetPromoterScore nps)
    {
        Trace Part(string name, double v, string color) => Trace("bar", ("name", name), ("orientation", "h"), ("y", new object[] { "responses" }), ("x", new[] { v }),
            ("marker", new Dictionary<string, object> { ["color"] = color }), ("texttemplate", "%{x:.0%}"), ("textposition", "inside"));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Net Promoter Score {nps.Score:+0;-0;0} ({nps.Responses:N0} responses, synthetic data)"),
            [Part("detractors (0–6)", nps.DetractorShare.Value, Vermilion), Part("passives (7–8)", nps.PassiveShare.Value, Grey), Part("promoters (9–10)", nps.PromoterShare.Value, Green)],
            Axis("Share of responses", ".0%", new[] { 0.0, 1.0 }), Axis(""), l =>
            {
                l.SetProperty("barmode", "stack");
                l.SetProperty("hovermode", "closest");
                // Above the bar, left to right as the bar reads (plotly lists stacked bars last-first otherwise).
                l.SetProperty("legend", new Dictionary<string, object> { ["orientation"] = "h", ["y"] = 1.18, ["x"] = 0, ["traceorder"] = "normal" });
                l.SetProperty("margin", new Dictionary<string, object> { ["l"] = 90, ["r"] = 30, ["t"] = 100, ["b"] = 60 });
            }, height: 300);
    }

    /// <summary>CSAT answers per score, the satisfied (4–5) highlighted.</summary>
    public static Figure Csat(CustomerSatisfaction c)
    {
        var bar = Bar("answers", new object[] { "1", "2", "3", "4", "5" }, c.Counts.Select(v => (double)v), Blue, "%{y}");
        bar.SetProperty("marker", new Dictionary<string, object> { ["color"] = new[] { Grey, Grey, Grey, Green, Green } });
        return Chart($"CSAT {Pct(c.Score.Value)} satisfied (4–5), synthetic data", [bar], Axis("Score (1–5)", type: "category"), Axis("Responses"));
    }

    /// <summary>Churn reasons as a Pareto chart: counts, most frequent first, labelled with their share, and the cumulative share.</summary>
    public static Figure ChurnReasons(ChurnReasons r, string? source = "synthetic data")
    {
        var x = r.Reasons.Select(v => (object)Wrapped(v.Reason)).ToArray();
        var bars = Bar("answers", x, r.Reasons.Select(v => (double)v.Count), Blue);
        bars.SetProperty("text", r.Reasons.Select(v => Pct(v.Share)).ToArray());
        bars.SetProperty("textposition", "outside");
        bars.SetProperty("cliponaxis", false);
        var cum = Line("cumulative share", x, r.Reasons.Select(v => v.CumulativeShare), Vermilion, hover: "%{y:.0%}");
        cum.SetProperty("yaxis", "y2");
        return Chart($"Why customers cancel (Pareto{(source is null ? "" : ", " + source)}): {r.Responses:N0} answers", [bars, cum],
            Axis("Reason", type: "category"), Axis("Answers", ",.0f"), l =>
            {
                l.SetProperty("yaxis2", new Dictionary<string, object>
                {
                    ["title"] = new Dictionary<string, object> { ["text"] = "Cumulative share", ["standoff"] = 12 }, ["overlaying"] = "y", ["side"] = "right",
                    ["tickformat"] = ".0%", ["range"] = new[] { 0.0, 1.05 }, ["showgrid"] = false, ["automargin"] = true,
                });
                l.SetProperty("margin", new Dictionary<string, object> { ["l"] = 70, ["r"] = 80, ["t"] = 90, ["b"] = 60 });
                l.SetProperty("legend", new Dictionary<string, object> { ["orientation"] = "h", ["y"] = 1.12, ["x"] = 0 });
                ((Dictionary<string, object>)l["xaxis"]!)["tickangle"] = 0;
            });
    }

    /// <summary>Kaplan–Meier curve as steps with its 95 % band.</summary>
    public static Figure Survival(KaplanMeier km)
    {
        var x = new List<object> { 0.0 }; x.AddRange(km.Steps.Select(s => (object)s.Days));
        var s = new List<double> { 1 }; s.AddRange(km.Steps.Select(v => v.Survival));
        var lo = new List<double> { 1 }; lo.AddRange(km.Steps.Select(v => v.Lower));
        var hi = new List<double> { 1 }; hi.AddRange(km.Steps.Select(v => v.Upper));
        var upper = Trace("scatter", ("x", x.ToArray()), ("y", Clean(hi)), ("mode", "lines"), ("line", new Dictionary<string, object> { ["shape"] = "hv", ["width"] = 0 }), ("showlegend", false), ("hoverinfo", "skip"));
        var lower = Trace("scatter", ("name", "95% band"), ("x", x.ToArray()), ("y", Clean(lo)), ("mode", "lines"), ("fill", "tonexty"), ("fillcolor", "rgba(0,114,178,0.18)"),
            ("line", new Dictionary<string, object> { ["shape"] = "hv", ["width"] = 0 }), ("hoverinfo", "skip"));
        var curve = Trace("scatter", ("name", "S(t)"), ("x", x.ToArray()), ("y", Clean(s)), ("mode", "lines"), ("line", new Dictionary<string, object> { ["shape"] = "hv", ["color"] = Blue, ["width"] = 2.5 }),
            ("hovertemplate", "day %{x:.0f}: %{y:.1%}<extra></extra>"));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Subscription survival (Kaplan–Meier, {km.Subscriptions:N0} subscriptions, synthetic data)"), [upper, lower, curve],
            Axis("Days since the subscription started"), Axis("Still subscribed", ".0%", new[] { 0.0, 1.02 }), l => l.SetProperty("hovermode", "closest"));
    }

    /// <summary>Customers per RFM segment as a treemap: area is the number of customers; green segments are healthy, orange need attention, red are slipping away.</summary>
    public static Figure RfmSegments(RfmSegments rfm)
    {
        var names = RetentionKit.Segments.RfmSegments.SegmentOrder.Where(n => rfm.SegmentCounts[n] > 0).ToList();
        string Colour(string n) => RetentionKit.Segments.RfmSegments.SegmentOrder.ToList().IndexOf(n) switch { < 5 => Green, < 7 => Orange, _ => Vermilion };
        var map = Trace("treemap", ("labels", names.ToArray()), ("parents", names.Select(_ => "").ToArray()), ("values", names.Select(n => (double)rfm.SegmentCounts[n]).ToArray()),
            ("marker", new Dictionary<string, object> { ["colors"] = names.Select(Colour).ToArray() }), ("textinfo", "label+value+percent root"),
            ("hovertemplate", "%{label}: %{value:,} customers (%{percentRoot:.1%})<extra></extra>"));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"RFM segments at {Iso(rfm.Window.End)} ({rfm.Customers.Count:N0} customers)"), [map], Axis(""), Axis(""),
            l => { l.SetProperty("hovermode", "closest"); l.SetProperty("margin", new Dictionary<string, object> { ["l"] = 10, ["r"] = 10, ["t"] = 50, ["b"] = 10 }); }, height: 460);
    }

    /// <summary>The most overdue at-risk customers: days since their last order against their usual interval.</summary>
    public static Figure AtRisk(AtRiskCustomers list, int top = 15)
    {
        var rows = list.Customers.Take(top).Reverse().ToList();
        var y = rows.Select(r => (object)Text(r.CustomerId)).ToArray();
        var gap = Trace("bar", ("name", "days since last order"), ("orientation", "h"), ("y", y), ("x", rows.Select(r => (double)r.DaysSinceLastOrder).ToArray()),
            ("marker", new Dictionary<string, object> { ["color"] = Vermilion }), ("hovertext", rows.Select(r => string.Join("; ", r.Reasons)).ToArray()), ("hoverinfo", "text"),
            ("text", rows.Select(r => Text(r.Rule)).ToArray()), ("textposition", "outside"));
        var usual = Trace("bar", ("name", "their rhythm (days between orders)"), ("orientation", "h"), ("y", y), ("x", rows.Select(r => r.TypicalIntervalDays).ToArray()),
            ("marker", new Dictionary<string, object> { ["color"] = Sky }));
        return Chart($"Early warning at {Iso(list.AsOf)}: {list.Customers.Count:N0} flagged of {list.CustomersChecked:N0} checked (highest spend first; {list.Lapsed:N0} lapsed left out)", [usual, gap], Axis("Days"), Axis("Customer", type: "category"),
            l => { l.SetProperty("barmode", "group"); l.SetProperty("hovermode", "closest"); }, height: Math.Max(420, 30 * rows.Count + 120));
    }

    /// <summary>Distribution of predicted CLV (log-spaced bins would hide zeros, so a plain histogram up to the 99th percentile).</summary>
    public static Figure ClvDistribution(LifetimeValue v)
    {
        double cap = v.Quantiles()[0.99];
        var x = v.Customers.Select(c => c.Clv).Where(c => c <= cap).ToArray();
        var h = Trace("histogram", ("name", "customers"), ("x", x), ("nbinsx", 60), ("marker", new Dictionary<string, object> { ["color"] = Blue }));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Predicted {v.HorizonMonths}-month CLV per customer (total {v.Total:N0}; top 1% not shown)"), [h],
            Axis("CLV"), Axis("Customers"), l => l.SetProperty("hovermode", "closest"));
    }

    /// <summary>P(alive) over frequency and recency, for a customer of the given age T.</summary>
    public static Figure ProbabilityAlive(BgNbdFit fit, double t, int maxFrequency = 20)
    {
        var recency = Enumerable.Range(0, 41).Select(i => t * i / 40).ToArray();
        var z = Enumerable.Range(0, maxFrequency + 1).Select(x => recency.Select(r => (object?)(x == 0 && r > 0 ? null : fit.ProbabilityAlive(x, x == 0 ? 0 : r, t))).ToArray()).ToArray();
        var heat = Trace("heatmap", ("x", recency.Select(r => (object)Math.Round(r, 1)).ToArray()), ("y", Enumerable.Range(0, maxFrequency + 1).Select(v => (object)v).ToArray()),
            ("z", z), ("zmin", 0), ("zmax", 1), ("colorscale", "Viridis"),
            ("colorbar", new Dictionary<string, object> { ["tickformat"] = ".0%", ["title"] = new Dictionary<string, object> { ["text"] = "P(alive)" } }),
            ("hovertemplate", "recency %{x}, frequency %{y}: %{z:.0%}<extra></extra>"));
        string unit = fit.Unit.ToString().ToLowerInvariant();
        return Chart(string.Create(CultureInfo.InvariantCulture, $"P(alive) for a customer first seen {t:0.#} {unit}s ago"), [heat],
            Axis($"Recency: {unit}s from first to last purchase"), Axis("Frequency: repeat purchases"), l => l.SetProperty("hovermode", "closest"));
    }

    /// <summary>Mean predicted against mean actual holdout purchases per calibration frequency.</summary>
    public static Figure CalibrationVsHoldout(HoldoutValidation h)
    {
        var x = h.Buckets.Select(b => (object)b.Frequency).ToArray();
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Holdout check: predicted {h.Predicted:N0} against actual {h.Actual:N0} purchases"), [
                Bar("actual", x, h.Buckets.Select(b => b.MeanActual), Grey),
                Bar($"predicted ({h.Model})", x, h.Buckets.Select(b => b.MeanPredicted), Blue),
            ], Axis("Purchases in the calibration period", type: "category"), Axis("Mean purchases in the holdout"), l => l.SetProperty("barmode", "group"));
    }

    /// <summary>BG/NBD and Pareto/NBD against the actual holdout purchases, per calibration frequency.</summary>
    public static Figure ModelComparison(ModelComparison c)
    {
        var bg = c.Scores[0].Holdout ?? throw new ArgumentException("The comparison has no holdout: fit it on CustomerSummary.CalibrationHoldout.", nameof(c));
        var pareto = c.Scores[1].Holdout!;
        var x = bg.Buckets.Select(b => (object)b.Frequency).ToArray();
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Holdout purchases: actual {bg.Actual:N0}, BG/NBD {bg.Predicted:N0}, Pareto/NBD {pareto.Predicted:N0}"), [
                Bar("actual", x, bg.Buckets.Select(b => b.MeanActual), Grey),
                Bar("BG/NBD", x, bg.Buckets.Select(b => b.MeanPredicted), Blue),
                Bar("Pareto/NBD", x, pareto.Buckets.Select(b => b.MeanPredicted), Orange),
            ], Axis("Purchases in the calibration period", type: "category"), Axis("Mean purchases in the holdout"), l => l.SetProperty("barmode", "group"));
    }

    /// <summary>
    /// A BG/BB fit against its data: customers by number of repeat transactions, actual and expected (N · P(X(n) = x)),
    /// for the customers observed over the most common number of opportunities n.
    /// </summary>
    public static Figure BgBbFrequencies(BgBbFit fit, DiscreteSummary data)
    {
        int n = Enumerable.Range(0, data.Opportunities.Count).GroupBy(i => data.Opportunities[i]).OrderByDescending(g => g.Sum(i => data.Weights[i])).First().Key;
        var rows = Enumerable.Range(0, data.Frequency.Count).Where(i => data.Opportunities[i] == n).ToList();
        double customers = rows.Sum(i => data.Weights[i]);
        var x = Enumerable.Range(0, n + 1).Select(v => (object)v).ToArray();
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Repeat transactions in {n} opportunities: {customers:N0} customers, actual and BG/BB"), [
                Bar("actual", x, Enumerable.Range(0, n + 1).Select(v => rows.Where(i => data.Frequency[i] == v).Sum(i => data.Weights[i])), Grey, "%{y:,.0f}"),
                Bar("model (BG/BB)", x, Enumerable.Range(0, n + 1).Select(v => customers * fit.ProbabilityOfTransactions(v, n)), Blue, "%{y:,.0f}"),
            ], Axis("Repeat transactions", type: "category"), Axis("Customers", ",.0f"), l => l.SetProperty("barmode", "group"));
    }

    /// <summary>An sBG fit: observed and projected survival, and the retention rate rising with tenure.</summary>
    public static Figure Sbg(RetentionKit.Survival.SbgFit fit, int periods = 12, string? cohort = null)
    {
        int n = Math.Max(periods, fit.ObservedSurvival.Count - 1);
        var x = Enumerable.Range(0, n + 1).Select(t => (object)t).ToArray();
        var traces = new List<Trace>
        {
            Line("projected survival (sBG)", x, Enumerable.Range(0, n + 1).Select(fit.Survival), Blue, hover: "%{y:.1%}"),
            Line("projected retention rate (sBG)", x.Skip(1), Enumerable.Range(1, n).Select(fit.RetentionRate), Orange, "dash", hover: "%{y:.1%}"),
        };
        if (fit.ObservedSurvival.Count > 1)
        {
            var obs = fit.ObservedSurvival;
            var ox = Enumerable.Range(0, obs.Count).Select(t => (object)t).ToArray();
            // Drawn after the projection, so the observed points sit on top of its line.
            var observed = Line("observed survival", ox, obs, Grey, mode: "markers", hover: "%{y:.1%}");
            observed.SetProperty("marker", new Dictionary<string, object> { ["color"] = "#333333", ["size"] = 10, ["symbol"] = "circle-open", ["line"] = new Dictionary<string, object> { ["width"] = 2 } });
            traces.Add(observed);
            traces.Add(Line("observed retention rate", ox.Skip(1), Enumerable.Range(1, obs.Count - 1).Select(t => obs[t - 1] > 0 ? obs[t] / obs[t - 1] : double.NaN), Vermilion, mode: "markers", hover: "%{y:.1%}"));
        }
        return Chart($"{cohort ?? "Cohort"}: survival and retention by period (sBG, {fit.Parameters})", traces, Axis("Period", type: "linear"), Axis("Share", ".0%", new[] { 0.0, 1.0 }));
    }

    /// <summary>Customers per calibration frequency, actual against the model (the period-transactions check), and against a second model when given.</summary>
    public static Figure PeriodTransactions(PeriodTransactions p, PeriodTransactions? other = null)
    {
        var x = p.Rows.Select(r => (object)r.Frequency).ToArray();
        var traces = new List<Trace>
        {
            Bar("actual", x, p.Rows.Select(r => (double)r.Actual), Grey, "%{y:,.0f}"),
            Bar($"model ({p.Model})", x, p.Rows.Select(r => r.Expected), Blue, "%{y:,.0f}"),
        };
        if (other is not null) traces.Add(Bar($"model ({other.Model})", x, other.Rows.Select(r => r.Expected), Orange, "%{y:,.0f}"));
        string models = other is null ? p.Model : $"{p.Model} and {other.Model}";
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Repeat purchases in the calibration period: {p.Customers:N0} customers, actual and {models}"), traces,
            Axis("Repeat purchases in the calibration period", type: "category"), Axis("Customers", ",.0f"), l => l.SetProperty("barmode", "group"));
    }

    /// <summary>Cumulative repeat purchases, actual against the model, with the calibration end marked.</summary>
    public static Figure Tracking(TrackingPlot t)
    {
        var x = t.Points.Select(p => (object)Iso(p.End)).ToArray();
        string unit = t.Unit.ToString().ToLowerInvariant();
        return Chart($"Cumulative repeat purchases per {unit}: actual and BG/NBD, calibration then holdout", [
                Line("actual", x, t.Points.Select(p => p.Actual), Grey, mode: "lines", hover: "%{y:,.0f}"),
                Line("model (BG/NBD)", x, t.Points.Select(p => p.Expected), Blue, "dash", "lines", "%{y:,.0f}"),
            ], Axis("Date"), Axis("Cumulative repeat purchases", ",.0f"), l =>
            {
                l.SetProperty("shapes", new[] { new Dictionary<string, object>
                {
                    ["type"] = "line", ["yref"] = "paper", ["y0"] = 0, ["y1"] = 1, ["xref"] = "x", ["x0"] = Iso(t.CalibrationEnd), ["x1"] = Iso(t.CalibrationEnd),
                    ["line"] = new Dictionary<string, object> { ["color"] = Vermilion, ["dash"] = "dot", ["width"] = 2 },
                } });
                l.SetProperty("annotations", new[] { Note($"calibration ends {Iso(t.CalibrationEnd)}; holdout after", 0.01, 1.06) });
            });
    }

    /// <summary>One customer's P(alive) day by day, purchases marked.</summary>
    public static Figure AliveHistory(AliveHistory h)
    {
        var x = h.Points.Select(p => (object)Iso(p.At)).ToArray();
        var buys = h.Points.Where(p => p.Purchase).ToList();
        var marks = Trace("scatter", ("name", "purchase"), ("mode", "markers"), ("x", buys.Select(p => (object)Iso(p.At)).ToArray()), ("y", buys.Select(p => (object)p.ProbabilityAlive).ToArray()),
            ("marker", new Dictionary<string, object> { ["color"] = Vermilion, ["size"] = 9, ["symbol"] = "diamond" }), ("hovertemplate", "purchase on %{x}<extra></extra>"));
        return Chart($"P(alive) of customer {Text(h.CustomerId)} over time", [Line("P(alive)", x, h.Points.Select(p => p.ProbabilityAlive), Blue, mode: "lines", hover: "%{y:.1%}"), marks],
            Axis("Date"), Axis("P(alive)", ".0%", new[] { 0.0, 1.05 }));
    }

    /// <summary>Expected purchases over frequency and recency (the frequency/recency matrix).</summary>
    public static Figure ExpectedPurchases(ExpectedPurchasesMatrix m)
    {
        var z = m.Values.Select(row => row.Select(v => double.IsFinite(v) ? (object?)v : null).ToArray()).ToArray();
        string unit = m.Unit.ToString().ToLowerInvariant();
        var heat = Trace("heatmap", ("x", m.Recencies.Select(r => (object)Math.Round(r, 1)).ToArray()), ("y", m.Frequencies.Select(v => (object)v).ToArray()), ("z", z),
            ("colorscale", "Viridis"), ("colorbar", new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = "purchases" } }),
            ("hovertemplate", "recency %{x}, frequency %{y}: %{z:.2f} purchases<extra></extra>"));
        return Chart(string.Create(CultureInfo.InvariantCulture, $"Expected purchases in the next {m.Horizon:0.#} {unit}s, customers first seen {m.T:0.#} {unit}s ago"), [heat],
            Axis($"Recency: {unit}s from first to last purchase"), Axis("Frequency: repeat purchases"), l => l.SetProperty("hovermode", "closest"));
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
