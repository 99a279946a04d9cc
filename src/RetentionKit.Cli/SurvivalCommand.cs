using System.CommandLine;
using System.Globalization;
using System.Text;
using RetentionKit.Data;
using RetentionKit.Survival;

namespace RetentionKit.Cli;

/// <summary><c>retention survival --model sbg</c>: the shifted-beta-geometric model on cohort counts or on a subscription file, beside Kaplan–Meier.</summary>
internal static class SurvivalCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var model = new Option<string>("--model") { Description = "sbg: the shifted-beta-geometric model of contractual retention", DefaultValueFactory = _ => "sbg" };
        var survivors = new Option<string?>("--survivors") { Description = "A cohort's customers at the start of each period, comma-separated, e.g. 1000,631,468,382" };
        var subscriptions = new Option<string?>("--subscriptions") { Description = "Subscriptions file (customer, start, end or empty, monthly amount), fitted in whole periods" };
        var periodMonths = new Option<int>("--period-months") { Description = "With --subscriptions: calendar months per period, from each start (default 1: monthly renewals; 12: yearly)", DefaultValueFactory = _ => 1 };
        var observationEnd = new Option<string?>("--observation-end") { Description = "With --subscriptions: end of observation (default: the day after the latest start or end)" };
        var periods = new Option<int>("--periods") { Description = "Periods to project (default 12)", DefaultValueFactory = _ => 12 };
        var discount = new Option<double>("--discount-rate") { Description = "Discount rate per period for the residual lifetime (default 0.1)", DefaultValueFactory = _ => 0.1 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var loader = new LoaderArguments();
        var cmd = new Command("survival", "Fit the shifted-beta-geometric (sBG) model to a cohort's survivors or to subscriptions, and project survival, retention and residual lifetime.")
            { model, survivors, subscriptions, periodMonths, observationEnd, periods, discount, json };
        loader.AddTo(cmd);
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            if (!string.Equals(r.GetValue(model)?.Trim(), "sbg", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--model: expected sbg, got '{Echo.Value(r.GetValue(model) ?? "")}'.");
            if (r.GetValue(periods) is < 1 or > 1000) throw new UsageException($"--periods: expected 1 to 1000, got {r.GetValue(periods)}.");
            if (r.GetValue(discount) is not (> 0 and <= 10)) throw new UsageException("--discount-rate: expected a rate per period above 0 (0.1 for 10 %).");
            if (r.GetValue(periodMonths) is not (>= 1 and <= 120)) throw new UsageException($"--period-months: expected 1 to 120 months, got {r.GetValue(periodMonths)}.");
            var (counts, file) = (r.GetValue(survivors), r.GetValue(subscriptions));
            if ((counts is null) == (file is null)) throw new UsageException("give --survivors N0,N1,… (a cohort's counts) or --subscriptions FILE, one of them.");
            SbgFit fit;
            KaplanMeier? km = null;
            TableLoadReport? report = null;
            if (counts is not null)
            {
                var parts = counts.Split(',', StringSplitOptions.TrimEntries);
                var values = new long[parts.Length];
                for (int i = 0; i < parts.Length; i++)
                    if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                        throw new UsageException($"--survivors: '{Echo.Value(parts[i])}' (number {i + 1}) is not a whole count of 0 or more.");
                try { fit = ShiftedBetaGeometric.Fit(values); }
                catch (ArgumentException e) { throw new UsageException("--survivors: " + e.Message.Split(" (Parameter")[0]); }
            }
            else
            {
                var o = loader.Build(r);
                var load = TableLoader.Subscriptions(file!, TableArguments.ForFile(o));
                report = load.Report;
                if (load.Rows.Count == 0) throw new UsageException($"{load.Report.Source}: no subscriptions were accepted; nothing to fit.");
                var end = CliDates.Parse(r.GetValue(observationEnd), "--observation-end") ?? load.Rows.Max(s => s.End is { } e && e > s.Start ? e : s.Start).Date.AddDays(1);
                try { fit = ShiftedBetaGeometric.Fit(load.Rows, end, r.GetValue(periodMonths)); }
                catch (ArgumentException e) { throw new UsageException($"{load.Report.Source}: {e.Message.Split(" (Parameter")[0]}"); }
                km = KaplanMeier.Fit(load.Rows, end);
            }
            int n = r.GetValue(periods);
            double d = r.GetValue(discount);
            var rows = Enumerable.Range(0, n + 1).Select(t => (Period: t, Survival: fit.Survival(t), Retention: t == 0 ? double.NaN : fit.RetentionRate(t),
                Observed: t < fit.ObservedSurvival.Count ? fit.ObservedSurvival[t] : double.NaN)).ToList();
            if (r.GetValue(json))
            {
                stdout.WriteLine(Json.Write(new
                {
                    model = "sBG", alpha = fit.Parameters.Alpha, beta = fit.Parameters.Beta,
                    standardErrors = new { alpha = fit.StandardErrors.Alpha, beta = fit.StandardErrors.Beta },
                    meaning = fit.Meaning, logLikelihood = fit.LogLikelihood, converged = fit.Converged, iterations = fit.Iterations, exit = fit.Exit.ToString(),
                    customers = fit.Customers, ended = fit.Ended, discountRate = d,
                    residualLifetime = new { newCustomer = fit.ExpectedResidualLifetime(d, 0), afterOneRenewal = fit.ExpectedResidualLifetime(d, 1), afterFiveRenewals = fit.ExpectedResidualLifetime(d, 5) },
                    load = report is null ? null : new { source = report.Source, rowsRead = report.RowsRead, rowsAccepted = report.RowsAccepted, rowsRejected = report.RowsRejected },
                    projection = rows.Select(x => new { period = x.Period, survival = x.Survival, retention = Finite(x.Retention), observed = Finite(x.Observed) }),
                    kaplanMeierMedianDays = km is null ? null : Finite(km.MedianDays),
                }));
                return 0;
            }
            var inv = CultureInfo.InvariantCulture;
            var sb = new StringBuilder();
            if (report is not null) sb.Append(report).Append("\n\n");
            sb.Append(fit).Append('\n');
            sb.Append(inv, $"  alpha {fit.Parameters.Alpha,9:0.####} ± {fit.StandardErrors.Alpha:0.####}\n  beta  {fit.Parameters.Beta,9:0.####} ± {fit.StandardErrors.Beta:0.####}\n\n");
            sb.Append(inv, $"  period  survival (sBG)  retention rate (sBG)  observed survival{(km is null ? "" : " (Kaplan–Meier in whole periods)")}\n");
            foreach (var x in rows)
                sb.Append(inv, $"  {x.Period,6} {x.Survival,15:P1} {(double.IsNaN(x.Retention) ? "" : x.Retention.ToString("P1", inv)),21} {(double.IsNaN(x.Observed) ? "" : x.Observed.ToString("P1", inv)),18}\n");
            if (km is not null) sb.Append(inv, $"Kaplan–Meier in days: median lifetime {(double.IsNaN(km.MedianDays) ? "not reached" : km.MedianDays.ToString("0", inv) + " days")}.\n");
            sb.Append(inv, $"\ndiscounted expected residual lifetime at {d:P0} a period (further payments; the next one counted in full): new customer {fit.ExpectedResidualLifetime(d, 0):0.00}, after 1 renewal {fit.ExpectedResidualLifetime(d, 1):0.00}, after 5 renewals {fit.ExpectedResidualLifetime(d, 5):0.00}\n");
            sb.Append(fit.Meaning).Append('\n');
            stdout.WriteLine(sb.ToString().TrimEnd());
            return 0;
        }));
        return cmd;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
