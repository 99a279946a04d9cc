using System.CommandLine;
using RetentionKit.Retention;

namespace RetentionKit.Cli;

/// <summary><c>retention calc</c>: seed 000's calculator, from aggregate numbers instead of a file.</summary>
internal static class CalcCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var start = new Option<long?>("--start") { Description = "S: customers at the start of the period" };
        var end = new Option<long?>("--end") { Description = "E: customers at the end" };
        var added = new Option<long?>("--new") { Description = "N: customers acquired during the period" };
        var lost = new Option<long?>("--lost") { Description = "Customers lost (cancelled) in the period; default S − (E − N), assuming nobody came back" };
        var days = new Option<double?>("--period-days") { Description = "Days in the period, for churn per 30 days and the alert" };
        var alert = new Option<double>("--alert") { Description = "Monthly churn alert threshold (default 0.07)", DefaultValueFactory = _ => 0.07 };
        var revenueStart = new Option<double?>("--revenue-start") { Description = "Revenue of the start customers in the previous period" };
        var revenueEnd = new Option<double?>("--revenue-end") { Description = "Revenue of the same customers in this period" };
        var revenueLost = new Option<double?>("--revenue-lost") { Description = "Revenue lost: lost customers' previous revenue plus contraction" };
        var aov = new Option<double?>("--aov") { Description = "Average order value" };
        var frequency = new Option<double?>("--frequency") { Description = "Orders per customer per period" };
        var margin = new Option<double>("--margin") { Description = "Profit margin, 0–1 (default 1: revenue)", DefaultValueFactory = _ => 1.0 };
        var discount = new Option<double>("--discount") { Description = "Discount rate per period (default 0)", DefaultValueFactory = _ => 0.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var cmd = new Command("calc", "Retention, churn, the 30-day alert, revenue churn, GRR, NRR and simple CLV from aggregate numbers (seed 000's calculator).")
            { start, end, added, lost, days, alert, revenueStart, revenueEnd, revenueLost, aov, frequency, margin, discount, json };
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            if (r.GetValue(alert) is < 0 or > 1) throw new UsageException("--alert: expected a monthly rate between 0 and 1 (0.07 for 7 %).");
            foreach (var (name, v) in new[] { ("--revenue-start", r.GetValue(revenueStart)), ("--revenue-end", r.GetValue(revenueEnd)), ("--revenue-lost", r.GetValue(revenueLost)), ("--aov", r.GetValue(aov)), ("--frequency", r.GetValue(frequency)), ("--period-days", r.GetValue(days)) })
                if (v is { } x && (!double.IsFinite(x) || x < 0)) throw new UsageException($"{name}: expected a number of 0 or more, got {x}.");
            var inputs = new CalculatorInputs
            {
                Start = r.GetValue(start), End = r.GetValue(end), New = r.GetValue(added), Lost = r.GetValue(lost), PeriodDays = r.GetValue(days),
                AlertThreshold = r.GetValue(alert), RevenueStart = r.GetValue(revenueStart), RevenueEnd = r.GetValue(revenueEnd), RevenueLost = r.GetValue(revenueLost),
                Aov = r.GetValue(aov), Frequency = r.GetValue(frequency), Margin = r.GetValue(margin), Discount = r.GetValue(discount),
            };
            CalculatorResult result;
            try { result = RetentionCalculator.Compute(inputs); }
            catch (ArgumentException e) { throw new UsageException("--" + e.Message.Replace("period days", "period-days", StringComparison.Ordinal).Replace("revenue lost", "revenue-lost", StringComparison.Ordinal)); }
            stdout.WriteLine(r.GetValue(json)
                ? Json.Write(new
                {
                    metrics = result.Metrics.Select(m => new { name = m.Name, value = m.IsDefined ? m.Value : (double?)null, formula = m.Formula, rate = m.IsRate }),
                    alert = result.Alert, notes = result.Notes,
                })
                : result.ToString());
            return 0;
        }));
        return cmd;
    }
}
