using System.Globalization;
using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Receivables;
using RetentionKit.Repeat;
using RetentionKit.Retention;
using RetentionKit.Returns;
using RetentionKit.Surveys;
using RetentionKit.Survival;
using RetentionKit.Synthetic;

namespace RetentionKit.Charts.Reports;

/// <summary>The CLV part of a report.</summary>
public static class ReportClv
{
    /// <summary>
    /// The models on all data in weeks (for CLV and P(alive)), with a holdout check from a separate fit that leaves out
    /// the last quarter of the observation (at least 4 weeks).
    /// </summary>
    public static ClvModels Compute(OrderHistory history, DateTime observationEnd, int horizonMonths = 12, double monthlyDiscount = 0.01, double margin = 1)
    {
        var models = ClvModels.Fit(CustomerSummary.From(history, TimeUnit.Week, observationEnd), horizonMonths, monthlyDiscount, margin);
        if (history.FirstOrder is not { } first) return models;
        var calibrationEnd = observationEnd - TimeSpan.FromDays(Math.Max(28, Math.Round((observationEnd - first.Date).TotalDays / 4)));
        if (calibrationEnd <= first.Date.AddDays(28)) return models;
        var cal = CustomerSummary.CalibrationHoldout(history, TimeUnit.Week, calibrationEnd, observationEnd);
        return models with { Holdout = HoldoutValidation.Compute(cal, BgNbd.Fit(cal)) };
    }
}

/// <summary>Builds the retention report from computed results (no I/O).</summary>
public static class RetentionReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    // Cells show formatted and export as data (ReportCell.Csv): a rate as a fraction, a number as itself, a date ISO.
    private static ReportCell P(double v) => new(double.IsFinite(v) ? (v * 100).ToString("0.0", Inv) + " %" : "n/a", v, CellKind.Rate);
    private static ReportCell P(Rate r) => P(r.Value);
    private static ReportCell N(double v, string f = "N2") => new(double.IsFinite(v) ? v.ToString(f, Inv) : "n/a", v, CellKind.Number);
    private static ReportCell N(long v) => new(v.ToString(Inv), (double)v, CellKind.Number);
    private static ReportCell D(DateTime d) => new(d.ToString("yyyy-MM-dd", Inv), d.Date, CellKind.Date);

    /// <summary>The whole report. <paramref name="synthetic"/> adds an appendix on the generator's tables, labelled as synthetic.</summary>
    public static HtmlReport Build(Transactions transactions, LoadReport load, MetricReport m, ClvModels? clv, SyntheticDataset? synthetic = null, string? clvError = null,
        OtherTables? tables = null, IReadOnlyList<TableLoadReport>? tableReports = null) =>
        Build(load, m with { Products = m.Products ?? ProductSales.From(transactions) }, clv, synthetic, clvError, tables, tableReports);

    /// <summary>The whole report from the metrics alone, however the lines were reduced (in memory or by an SQL engine).</summary>
    public static HtmlReport Build(LoadReport load, MetricReport m, ClvModels? clv, SyntheticDataset? synthetic = null, string? clvError = null,
        OtherTables? tables = null, IReadOnlyList<TableLoadReport>? tableReports = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        var products = m.Products ?? throw new ArgumentException("the metric report carries no product sales (MetricReport.Products).", nameof(m));
        var r = new HtmlReport($"Customer retention: {load.Source}",
            $"{load.RowsAccepted:N0} lines, {m.History.CustomerCount:N0} customers, {m.History.OrderCount:N0} orders; window {m.Window} in {m.Grid.Periods.Count} {m.Grid.Length.Name}s.");

        r.Section("Data loaded")
            .Definition("Every line read is accepted or rejected with its line number and reason: rows read = accepted + rejected.")
            .Facts([("read as", load.Format), ("rows read", load.RowsRead.ToString("N0", Inv)), ("accepted", load.RowsAccepted.ToString("N0", Inv)), ("rejected", load.RowsRejected.ToString("N0", Inv)),
                ("without customer id", load.RowsWithoutCustomer.ToString("N0", Inv)), ("exact duplicates", $"{load.DuplicateRows:N0} ({(load.DuplicatesDropped ? "dropped" : "kept")})"),
                ("customers", load.Customers.ToString("N0", Inv)), ("purchase orders", load.Orders.ToString("N0", Inv)), ("return invoices", load.ReturnInvoices.ToString("N0", Inv)),
                ("invoices without customer", load.InvoicesWithoutCustomer.ToString("N0", Inv)), ("return lines", load.ReturnRows.ToString("N0", Inv)),
                ("first", load.FirstTimestamp is { } f ? D(f) : "n/a"), ("last", load.LastTimestamp is { } l ? D(l) : "n/a"), ("net revenue", N(load.NetRevenue))]);
        if (load.Lines.Count > 0)
            r.Definition("Each line is classified: product sales, product returns, cancellations (a return of the same customer, product and quantity within 24 hours, with the sale it reverses), stock adjustments (return lines with no customer and no cancellation invoice) and non-product lines (postage, fees, manual adjustments, by code or name). Net revenue is the sum of every line.")
             .Table(new ReportTable("lines", ["kind", "lines"], load.Lines.Select(x => (IReadOnlyList<ReportCell>)[LoadReport.LineNames[x.Key], N(x.Value, "N0")]).ToList()));
        if (load.Rejections.Count > 0)
            r.Table(new ReportTable("rejections", ["line", "column", "value", "reason"], load.Rejections.Select(x => (IReadOnlyList<ReportCell>)[x.Line.ToString(Inv), x.Column, x.Value, x.Reason]).ToList()));
        r.Warnings(load.Warnings);

        var c = m.Cycle;
        r.Section("Purchase cycle and the period")
            .Definition("An interval is the days between consecutive order dates of one customer; the purchase cycle is the median of each repeat customer's own median interval. A period should span at least three cycles (seed 003).")
            .Facts([("purchase cycle", N(c.CustomerMedianDays, "0.#") + " days"), ("pooled median", N(c.PooledMedianDays, "0.#") + " days"), ("repeat customers", c.CustomersWithRepeat.ToString("N0", Inv)),
                ("recommended period", c.RecommendedPeriod.Name), ("period used", m.Grid.Length.Name)])
            .Paragraph("Why: " + c.Reasoning)
            .Warnings(m.Warnings.Where(w => w.Contains("are used instead", StringComparison.Ordinal)))
            .Chart(RetentionCharts.PurchaseIntervals(c))
            .Warnings(c.Warnings.Concat(m.Grid.Warnings));

        var ret = m.Retention;
        r.Section("Retention and churn")
            .Definition("Retention = (E − N) / S, with S customers active in the previous period, E in this one, N new; strict retention = bought in both periods / S; churn = lost / S. Both a period and the one before it are fully observed. (E − N) / S = strict retention + reactivated / S, and strict retention + churn = 100 %.")
            .Formula(@"\text{retention} = \frac{E - N}{S}, \qquad \text{strict retention} = \frac{\text{bought in both periods}}{S}, \qquad \text{churn} = \frac{\text{lost}}{S}")
            .Chart(RetentionCharts.Retention(ret, c))
            .Table(new ReportTable("retention", ["start", "end", "S", "E", "N", "retained", "lost", "reactivated", "retention", "strict", "reactivated / S", "churn", "notes"],
                ret.Periods.Select(p => (IReadOnlyList<ReportCell>)[D(p.Period.Start), D(p.Period.End), p.S.ToString(Inv), p.E.ToString(Inv), p.N.ToString(Inv), p.Retained.ToString(Inv), p.Lost.ToString(Inv),
                    p.Reactivated.ToString(Inv), P(p.RetentionRate), P(p.StrictRetentionRate), P(p.ReactivatedShare), P(p.ChurnRate), string.Join(" ", p.Warnings.Except(ret.Warnings))]).ToList()))
            .Warnings(ret.Warnings);

        var lapse = m.Lapse;
        r.Section("Churn you can hold against a threshold: the monthly lapse rate")
            .Definition(string.Create(Inv, $"A customer lapses once {lapse.Cycles} purchase cycles ({lapse.LapseDays:0} days) pass without an order. The lapse rate of a month = customers who lapse in it / customers live at its start. Unlike lost / S it does not depend on the period length, so it can be compared with a monthly threshold: seed 000's {P(lapse.AlertThreshold)} alert is applied here, per month."))
            .Formula(@"\text{lapse rate}_m = \frac{\text{customers who lapse in month } m}{\text{customers live at the start of } m}")
            .Facts([("months measured", lapse.Months.Count.ToString(Inv)), ("months above the alert", lapse.Months.Count(x => x.Alert).ToString(Inv)),
                ("median lapse rate", P(lapse.MedianRate))])
            .Chart(RetentionCharts.Lapse(lapse))
            .Table(new ReportTable("lapse", ["month", "live", "lapsed", "lapse rate", "alert"],
                lapse.Months.Select(x => (IReadOnlyList<ReportCell>)[x.Month.Start.ToString("yyyy-MM", Inv), x.Live.ToString(Inv), x.Lapsed.ToString(Inv), P(x.LapseRate), x.Alert ? "ALERT" : ""]).ToList()))
            .Warnings(lapse.Warnings);

        var rev = m.Revenue;
        r.Section("Revenue retention")
            .Definition("For the period's start customers: GRR = Σ min(revenue now, before) / Σ revenue before; NRR = Σ revenue now / Σ revenue before; revenue churn = (lost customers' revenue + contraction) / revenue before, so GRR + revenue churn = 100 %. Existing-customer growth compares customers acquired before the period with themselves.")
            .Formula(@"\mathrm{GRR} = \frac{\sum_i \min(r_{i,k}, r_{i,k-1})}{\sum_i r_{i,k-1}}, \qquad \mathrm{NRR} = \frac{\sum_i r_{i,k}}{\sum_i r_{i,k-1}}, \qquad \text{revenue churn} = 1 - \mathrm{GRR}")
            .Paragraph($"Existing-customer revenue is {rev.Trend.ToString().ToLowerInvariant()}: {rev.TrendExplanation}")
            .Chart(RetentionCharts.RevenueRetention(rev))
            .Definition("AOV = net revenue / orders; purchase frequency = orders / active customers.")
            .Formula(@"\mathrm{AOV} = \frac{\text{net revenue}}{\text{orders}}, \qquad \text{purchase frequency} = \frac{\text{orders}}{\text{active customers}}")
            .Chart(RetentionCharts.AovAndFrequency(rev))
            .Table(new ReportTable("revenue", ["start", "net revenue", "GRR", "NRR", "revenue churn", "revenue lost", "lost-customer churn", "existing growth", "orders", "AOV", "frequency", "notes"],
                rev.Periods.Select(p => (IReadOnlyList<ReportCell>)[D(p.Period.Start), N(p.NetRevenue), P(p.Grr), P(p.Nrr), P(p.RevenueChurn), N(p.RevenueLost), P(p.LostCustomerRevenueChurn),
                    P(p.ExistingCustomerGrowth), p.Orders.ToString(Inv), N(p.Aov.Value), N(p.PurchaseFrequency.Value), string.Join(" ", p.Warnings.Except(rev.Warnings))]).ToList()))
            .Warnings(rev.Warnings);

        var rep = m.Repeat;
        r.Section("Repeat and loyal customers")
            .Definition($"Repeat purchase ratio = customers with ≥ 2 orders / customers with ≥ 1 order in the window; loyal = ≥ {rep.LoyalThreshold} orders. Annual spend compares repeat and one-time customers (seed 004 claims 67 % more).")
            .Formula(@"\text{repeat purchase ratio} = \frac{\#\{\text{customers with} \ge 2 \text{ orders}\}}{\#\{\text{customers with} \ge 1 \text{ order}\}}")
            .Facts([("repeat purchase ratio", P(rep.RepeatPurchaseRatio)), ("loyal customer rate", P(rep.LoyalCustomerRate)), ($"again within {rep.WithinDays} days", P(rep.RepeatWithinDays)),
                ("repeat vs one-time spend", N(rep.RepeatSpendRatio.Value, "0.00") + "×")])
            .Chart(RetentionCharts.RepeatCustomers(rep))
            .Warnings(rep.Warnings);

        var perPeriod = ReturnRates.PerPeriod(products, m.Grid);
        r.Section("Returns")
            .Definition("Return rate = units of product returns / units of product sales (also by value), lines without a customer id included; cancellations with the sales they reverse, stock adjustments and non-product lines are left out (see the line classes above). Returns in the window can be of goods sold before it, so a product's rate can pass 100 %.")
            .Formula(@"\text{return rate} = \frac{\text{units of product returns}}{\text{units of product sales}}")
            .Facts([("by units", P(m.Returns.ByUnits)), ("by value", P(m.Returns.ByValue)), ("units returned", N(m.Returns.UnitsReturned, "N0")), ("units sold", N(m.Returns.UnitsSold, "N0"))])
            .Chart(RetentionCharts.ReturnsPerPeriod(perPeriod, m.Grid.Length));
        if (m.Returns.TopProducts.Count > 0)
            r.Chart(RetentionCharts.TopReturnedProducts(m.Returns))
             .Table(new ReportTable("returned-products", ["product", "name", "units sold", "units returned", "return rate"],
                m.Returns.TopProducts.Select(p => (IReadOnlyList<ReportCell>)[p.ProductId, p.Name, N(p.UnitsSold, "N0"), N(p.UnitsReturned, "N0"), P(p.ReturnRate)]).ToList()));
        r.Warnings(m.Returns.Warnings);

        r.Section("Cohorts")
            .Definition($"A cohort is the customers whose first order falls in a {m.Grid.Length.Name}; each cell is the share of them ordering n {m.Grid.Length.Name}s later.")
            .Chart(RetentionCharts.Cohorts(m.Cohorts))
            .Warnings(m.Cohorts.Warnings.Where(w => w.Contains("purchase cycles", StringComparison.Ordinal)))
            .Table(new ReportTable("cohorts", new[] { "cohort", "size" }.Concat(Enumerable.Range(0, m.Cohorts.Starts.Count).Select(j => "+" + j.ToString(Inv))).ToList(),
                m.Cohorts.Starts.Select((s, i) => (IReadOnlyList<ReportCell>)new ReportCell[] { D(s), N(m.Cohorts.Sizes[i]) }.Concat(m.Cohorts.Matrix[i].Select(v => double.IsNaN(v) ? (ReportCell)"" : P(v))).ToList()).ToList()));

        r.Section("Segments and early warning")
            .Definition("RFM: recency, frequency and monetary value scored 1–5 by quintile at the window end; segments follow the recency × frequency grid.")
            .Chart(RetentionCharts.RfmSegments(m.Rfm))
            .Definition(string.Create(Inv, $"Early warning: customers whose current gap is {m.AtRisk.Options.OverdueFactor:0.#}× to {m.AtRisk.Options.LapseFactor:0.#}× their rhythm (their own median interval, shrunk toward the typical customer's {m.AtRisk.PopulationCycleDays:0.#} days; the typical cycle itself for customers with fewer than {m.AtRisk.Options.MinimumOrders} order days), or whose last three orders shrank by {m.AtRisk.Options.VolumeDrop:0%} or more. Beyond {m.AtRisk.Options.LapseFactor:0.#}× they have lapsed: a win-back case, counted apart."))
            .Paragraph(m.AtRisk.ToString())
            .Chart(RetentionCharts.AtRisk(m.AtRisk))
            .Table(new ReportTable("at-risk", ["customer", "orders", "days since last", "rhythm (days)", "rule", "action", "reasons"],
                m.AtRisk.Customers.Select(a => (IReadOnlyList<ReportCell>)[a.CustomerId, a.Orders.ToString(Inv), a.DaysSinceLastOrder.ToString(Inv), N(a.TypicalIntervalDays, "0.#"), a.Rule, a.Action.ToString(), string.Join("; ", a.Reasons)]).ToList()), 15);

        if (clv is not null)
        {
            var bg = clv.BgNbd;
            r.Section("Customer lifetime value")
                .Definition("BG/NBD predicts how many purchases each customer will still make and whether they are still active (P(alive)); Gamma–Gamma predicts spend per purchase; CLV sums expected purchases × spend per month, discounted.")
                .Facts([("customers", clv.Summary.Count.ToString("N0", Inv)), ("BG/NBD", bg.Converged ? "converged" : "NOT converged: " + bg.Exit),
                    ("r, α", string.Create(Inv, $"{bg.Parameters.R:0.###}, {bg.Parameters.Alpha:0.###}")), ("a, b", string.Create(Inv, $"{bg.Parameters.A:0.###}, {bg.Parameters.B:0.###}")),
                    ("CLV total", clv.Value is { } v0 ? N(v0.Total, "N0") : "n/a"), ("horizon", clv.Value is { } v1 ? $"{v1.HorizonMonths} months" : "n/a")]);
            if (bg.BoundaryWarning is { } edge) r.Warnings([edge]);
            if (clv.GammaGamma is { } gg) r.Warnings(gg.Warnings); else if (clv.GammaGammaError is not null) r.Warnings([clv.GammaGammaError]);
            if (clv.Value is { } v)
                r.Chart(RetentionCharts.ClvDistribution(v))
                 .Table(new ReportTable("clv", ["customer", "frequency", "P(alive)", "expected purchases", "expected spend", "CLV"],
                    v.Customers.Select(x => (IReadOnlyList<ReportCell>)[x.CustomerId, x.Frequency.ToString(Inv), N(x.ProbabilityAlive, "0.000"), N(x.ExpectedPurchases), N(x.ExpectedSpend), N(x.Clv)]).ToList()), 15);
            r.Chart(RetentionCharts.ProbabilityAlive(bg, clv.Summary.T.Count > 0 ? clv.Summary.T.Max() : 52));
            if (clv.Holdout is { } h) r.Paragraph(h.ToString()).Chart(RetentionCharts.CalibrationVsHoldout(h));
        }

        if (clv is null && clvError is not null) r.Section("Customer lifetime value").Warnings([clvError]);
        else if (clv?.ValueError is { } noValue) r.Warnings([noValue]);

        if (tableReports is { Count: > 0 })
        {
            r.Section("The other tables: what was read")
             .Definition("Each table is read as the transactions are: every row accepted or rejected with its line, column, value and reason, so rows read = accepted + rejected.");
            foreach (var t in tableReports)
                r.Facts([("file", $"{t.Source} ({t.Table})"), ("rows read", N(t.RowsRead)), ("accepted", N(t.RowsAccepted)), ("rejected", N(t.RowsRejected))])
                 .Warnings(t.Rejections.Take(10).Select(x => x.ToString()).Concat(t.Warnings));
        }
        if (tables is { Any: true }) OtherTableSections(r, tables, m.History, "your files");
        if (synthetic is not null) Appendix(r, synthetic);

        r.Section("All warnings").Warnings(m.Warnings.Count > 0 ? m.Warnings : ["none"]);
        return r;
    }

    private static void Appendix(HtmlReport r, SyntheticDataset s)
    {
        var history = OrderHistory.From(s.Transactions);
        r.Section("Appendix: subscription, receivable, survey and loyalty metrics (SYNTHETIC data)")
            .Paragraph("These tables do not come from the file above: they are generated by the kit's seeded generator to show each metric. Load your own subscription, invoice, survey and membership tables to measure them (retention report --subscriptions, --invoices, --surveys, --members).");
        OtherTableSections(r, new OtherTables(s.Subscriptions, s.Invoices, s.Surveys, s.Memberships), history, "synthetic data");
    }

    /// <summary>A section per table given (see <see cref="OtherTableMetrics"/>).</summary>
    private static void OtherTableSections(HtmlReport r, OtherTables t, OrderHistory history, string source)
    {
        var o = OtherTableMetrics.Compute(t, history);
        if (o.Subscriptions is { } subs)
            r.Section($"Subscriptions ({source})")
             .Definition("Contractual retention: S active at the start instant, E at the end, N started in the period; E = S − lost + N exactly. MRR churn = recurring revenue of subscriptions that ended / MRR at the start.")
             .Formula(@"E = S - \text{lost} + N, \qquad \text{MRR churn} = \frac{\text{MRR of subscriptions that ended}}{\text{MRR at the start}}")
             .Paragraph("Here seed 000's 7 % alert applies as meant: to contractual churn (cancellations), restated per 30 days.")
             .Table(new ReportTable("subscriptions", ["start", "S", "E", "N", "lost", "retention", "churn", "churn per 30 days", "alert", "MRR churn", "net MRR retention"],
                subs.Periods.Select(p => (IReadOnlyList<ReportCell>)[D(p.Period.Start), N(p.S), N(p.E), N(p.N), N(p.Lost), P(p.RetentionRate), P(p.ChurnRate), P(p.ChurnRate30Days), p.ChurnAlert ? "ALERT" : "", P(p.MrrChurn), P(p.NetMrrRetention)]).ToList()))
             .Chart(RetentionCharts.Survival(KaplanMeier.Fit(t.Subscriptions!, o.SubscriptionsEnd!.Value)));
        if (o.Receivables is { } dso)
            r.Section($"Receivables ({source})")
             .Definition("DSO = receivables open at the period end / credit sales in the period × days; days to pay = amount-weighted mean days from issue to payment.")
             .Formula(@"\mathrm{DSO} = \frac{\text{receivables open at the period end}}{\text{credit sales in the period}} \times \text{days in the period}")
             .Table(new ReportTable("dso", ["start", "open receivables", "credit sales", "DSO", "weighted days to pay"],
                dso.Periods.Select(p => (IReadOnlyList<ReportCell>)[D(p.Period.Start), N(p.OpenReceivables), N(p.CreditSales), N(p.Dso, "0.0"), N(p.WeightedDaysToPay, "0.0")]).ToList()));
        if (o.Nps is not null || o.Csat is not null || o.Reasons is not null)
        {
            r.Section($"Surveys ({source})")
             .Definition("NPS = % promoters (9–10) − % detractors (0–6); CSAT = % of answers 4 or 5; churn reasons sorted with their cumulative share.")
             .Formula(@"\mathrm{NPS} = \%\,\text{promoters (9–10)} - \%\,\text{detractors (0–6)}, \qquad \mathrm{CSAT} = \frac{\text{answers of 4 or 5}}{\text{answers}}");
            if (o.Nps is { } nps) r.Chart(RetentionCharts.Nps(nps));
            if (o.Csat is { } csat) r.Chart(RetentionCharts.Csat(csat));
            if (o.Reasons is { } reasons) r.Chart(RetentionCharts.ChurnReasons(reasons, source));
            if (o.Coded is { } coded)
            {
                r.Paragraph($"The churn reasons are open answers, coded into reasons by keywords: each answer to the first reason one of whose keywords it contains (the kit's default rule{(t.Codebook is null ? "" : ", after the codebook given")}). {coded.NotCoded.Count:N0} of {coded.Reasons.Responses:N0} answers match no keyword; they are listed below, to read and to add keywords for (--reason-codebook FILE, lines 'reason,keyword;keyword').");
                if (coded.NotCoded.Count > 0)
                    r.Table(new ReportTable("reasons-not-coded", ["answer", "times"],
                        coded.NotCoded.GroupBy(a => a, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                            .Select(g => (IReadOnlyList<ReportCell>)[g.Key, N(g.Count())]).ToList()), 30);
            }
        }
        if (o.Loyalty is { } loyalty)
            r.Section($"Loyalty programme ({source})")
             .Definition("Loyalty programme: the effect on purchase frequency is a difference in differences of each customer's own pace (mean days between orders before and after joining; non-members around the order at which members usually join). The chart describes the groups; it does not measure the programme.")
             .Paragraph(loyalty.FrequencyEffect?.ToString() ?? "no effect estimated")
             .Chart(RetentionCharts.Loyalty(loyalty))
             .Warnings(loyalty.Warnings.Concat(loyalty.FrequencyEffect?.Warnings ?? []));
    }
}

