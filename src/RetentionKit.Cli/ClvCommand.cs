using System.CommandLine;
using System.Globalization;
using System.Text;
using RetentionKit.Clv;
using RetentionKit.Customers;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary><c>retention clv FILE</c>: fits BG/NBD and Gamma–Gamma and prints parameters, CLV and the holdout check.</summary>
internal static class ClvCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "Transaction file: CSV, .csv.gz, or CDNOW text (--preset cdnow)" };
        var unit = new Option<string>("--time-unit") { Description = "day, week or month (default week)", DefaultValueFactory = _ => "week" };
        var calibrationEnd = new Option<string?>("--calibration-end") { Description = "Fit on purchases before this date (yyyy-MM-dd) and check predictions on the rest" };
        var observationEnd = new Option<string?>("--observation-end") { Description = "End of observation, exclusive (default: the day after the last order)" };
        var horizon = new Option<int>("--horizon") { Description = "CLV horizon in months (default 12)", DefaultValueFactory = _ => 12 };
        var discount = new Option<double>("--discount-rate") { Description = "Monthly discount rate (default 0.01)", DefaultValueFactory = _ => 0.01 };
        var margin = new Option<double>("--margin") { Description = "Profit margin on spend, 0–1 (default 1: revenue)", DefaultValueFactory = _ => 1.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var model = new Option<string>("--model") { Description = "bgnbd (default), paretonbd, both (fitted side by side and compared), or bgbb: FILE is then a discrete-opportunity summary (columns frequency, recency, periods, weights)", DefaultValueFactory = _ => "bgnbd" };
        var intervals = new Option<int>("--intervals") { Description = "Draws for 95 % intervals on CLV by a parametric bootstrap of the fitted parameters (e.g. 200; default 0: none)", DefaultValueFactory = _ => 0 };
        var opportunities = new Option<int>("--opportunities") { Description = "With --model bgbb: the future opportunities to predict transactions for (default 5)", DefaultValueFactory = _ => 5 };
        var loader = new LoaderArguments();
        var cmd = new Command("clv", "Fit BG/NBD (or Pareto/NBD, or both; or BG/BB on discrete opportunities) and Gamma–Gamma, and predict purchases, P(alive) and customer lifetime value.")
            { file, unit, calibrationEnd, observationEnd, horizon, discount, margin, json, model, opportunities, intervals };
        loader.AddTo(cmd);
        var engine = new EngineArguments();
        engine.AddTo(cmd);
        cmd.SetAction(r => Program.Guard(stderr, () =>
        {
            var timeUnit = (r.GetValue(unit) ?? "week").ToLowerInvariant() switch
            {
                "day" or "days" => TimeUnit.Day,
                "week" or "weeks" => TimeUnit.Week,
                "month" or "months" => TimeUnit.Month,
                var u => throw new UsageException($"--time-unit: expected day, week or month, got '{u}'."),
            };
            if (r.GetValue(horizon) is < 1 or > 600) throw new UsageException($"--horizon: expected a number of months from 1 to 600 (50 years), got {r.GetValue(horizon)}.");
            if (r.GetValue(discount) is < 0 or > 1) throw new UsageException("--discount-rate: expected a monthly rate between 0 and 1 (0.01 for 1 %).");
            if (r.GetValue(margin) is <= 0 or > 1) throw new UsageException("--margin: expected a fraction above 0 and at most 1.");
            var which = (r.GetValue(model) ?? "bgnbd").Trim().ToLowerInvariant();
            int draws = r.GetValue(intervals);
            if (draws != 0 && draws is < 20 or > 10_000) throw new UsageException($"--intervals: expected 20 to 10,000 draws (or 0 for none), got {draws}.");
            if (which is not ("bgnbd" or "paretonbd" or "both" or "bgbb")) throw new UsageException($"--model: expected bgnbd, paretonbd, both or bgbb, got '{Echo.Value(which)}'.");
            if (which == "bgbb")
            {
                if (r.GetValue(opportunities) is < 1 or > 1000) throw new UsageException($"--opportunities: expected 1 to 1000 future opportunities, got {r.GetValue(opportunities)}.");
                stdout.WriteLine(DiscreteModels.Run(r.GetValue(file)!, r.GetValue(opportunities), r.GetValue(json)));
                return 0;
            }
            var load = engine.Reduce(r, r.GetValue(file)!, loader.Build(r), stderr);
            var history = load.History;
            if (history.LastOrder is null) throw new UsageException($"{load.Report.Source}: no purchase orders from identified customers; nothing to model.");
            var obsEnd = CliDates.Parse(r.GetValue(observationEnd), "--observation-end") ?? history.LastOrder.Value.Date.AddDays(1);
            var calEnd = CliDates.Parse(r.GetValue(calibrationEnd), "--calibration-end");
            if (which is "paretonbd" or "both")
            {
                var summary = Summary(history, timeUnit, calEnd, obsEnd);
                var comparison = ModelComparison.Fit(summary);
                var spend = ClvModels.FitSpend(summary);
                var value = spend.Fit is { } gg ? LifetimeValue.Compute(summary, comparison.ParetoNbd, gg, r.GetValue(horizon), r.GetValue(discount), r.GetValue(margin)) : null;
                var band = draws > 0 && spend.Fit is { } gs ? Interval(summary, comparison.ParetoNbd, gs, r.GetValue(horizon), r.GetValue(discount), r.GetValue(margin), draws) : null;
                stdout.WriteLine(r.GetValue(json)
                    ? Json.WriteWith(ComparisonJson(comparison, value, spend.Error, which == "both"), ("load", LoadSummary.Json(load.Report)), ("clvInterval", IntervalJson(band)))
                    : LoadSummary.Text(load.Report) + "\n" + ComparisonText(comparison, value, spend.Error, which == "both") + IntervalText(band));
                return 0;
            }
            var run = Compute(history, timeUnit, calEnd, obsEnd, r.GetValue(horizon), r.GetValue(discount), r.GetValue(margin));
            var interval = draws > 0 && run.Value is not null ? Interval(run.Summary, run.BgNbd, run.GammaGamma!, r.GetValue(horizon), r.GetValue(discount), r.GetValue(margin), draws) : null;
            stdout.WriteLine(r.GetValue(json)
                ? Json.WriteWith(ToJson(run), ("load", LoadSummary.Json(load.Report)), ("clvInterval", IntervalJson(interval)))
                : LoadSummary.Text(load.Report) + "\n" + ToText(run, load.Report) + IntervalText(interval));
            return 0;
        }));
        return cmd;
    }

    /// <summary>The customer summary every model is fitted on: with a holdout when a calibration end is given.</summary>
    private static CustomerSummary Summary(OrderHistory history, TimeUnit unit, DateTime? calibrationEnd, DateTime observationEnd)
    {
        if (calibrationEnd is { } c && c >= observationEnd)
            throw new UsageException($"--calibration-end {c:yyyy-MM-dd} must be before the observation end {observationEnd:yyyy-MM-dd}.");
        var summary = calibrationEnd is { } ce
            ? CustomerSummary.CalibrationHoldout(history, unit, ce, observationEnd)
            : CustomerSummary.From(history, unit, observationEnd);
        return summary.Count > 0 ? summary : throw new UsageException("no customer made a purchase before the (calibration) end; nothing to model.");
    }

    internal static ClvModels Compute(OrderHistory history, TimeUnit unit, DateTime? calibrationEnd, DateTime observationEnd, int horizon, double discount, double margin)
    {
        var summary = Summary(history, unit, calibrationEnd, observationEnd);
        var models = ClvModels.Fit(summary, horizon, discount, margin);
        return summary.HoldoutFrequency is null ? models : models with { Holdout = HoldoutValidation.Compute(summary, models.BgNbd) };
    }

    private static ClvIntervals? Interval(CustomerSummary summary, IPurchaseModel purchases, GammaGammaFit spend, int horizon, double discount, double margin, int draws)
    {
        try { return ClvIntervals.Compute(summary, purchases, spend, horizon, discount, margin, draws); }
        catch (ModelFitException e) { throw new UsageException("--intervals: " + e.Message); }
    }

    private static object? IntervalJson(ClvIntervals? i) => i is null ? null : new
    {
        draws = i.Draws, level = i.Level, total = i.Total, lower = i.TotalLower, upper = i.TotalUpper, method = i.Method,
        top = i.Customers.Take(10).Select(c => new { customerId = c.CustomerId, clv = c.Clv, lower = c.Lower, upper = c.Upper }),
    };

    private static string IntervalText(ClvIntervals? i)
    {
        if (i is null) return "";
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"\n{i}\n    customer             CLV       lower       upper\n");
        foreach (var c in i.Customers.Take(10)) sb.Append(inv, $"    {c.CustomerId,-12} {c.Clv,11:N2} {c.Lower,11:N2} {c.Upper,11:N2}\n");
        return sb.ToString();
    }

    private static object Params(IPurchaseModel m) => m switch
    {
        BgNbdFit b => new
        {
            r = b.Parameters.R, alpha = b.Parameters.Alpha, a = b.Parameters.A, b = b.Parameters.B,
            standardErrors = new { r = b.StandardErrors.R, alpha = b.StandardErrors.Alpha, a = b.StandardErrors.A, b = b.StandardErrors.B },
            logLikelihood = b.LogLikelihood, converged = b.Converged, iterations = b.Iterations, exit = b.Exit.ToString(),
        },
        ParetoNbdFit p => (object)new
        {
            r = p.Parameters.R, alpha = p.Parameters.Alpha, s = p.Parameters.S, beta = p.Parameters.Beta,
            standardErrors = new { r = p.StandardErrors.R, alpha = p.StandardErrors.Alpha, s = p.StandardErrors.S, beta = p.StandardErrors.Beta },
            logLikelihood = p.LogLikelihood, converged = p.Converged, iterations = p.Iterations, exit = p.Exit.ToString(),
        },
        _ => throw new ArgumentException(m.Model),
    };

    private static object ComparisonJson(ModelComparison c, LifetimeValue? value, string? spendError, bool both) => new
    {
        customers = c.Summary.Count,
        timeUnit = c.Summary.Unit.ToString().ToLowerInvariant(),
        paretonbd = Params(c.ParetoNbd),
        bgnbd = both ? Params(c.BgNbd) : null,
        comparison = both ? c.Scores.Select(s => new
        {
            model = s.Model, logLikelihood = s.LogLikelihood, aic = s.Aic, bic = s.Bic,
            holdout = s.Holdout is { } h ? new { predicted = h.Predicted, actual = h.Actual, meanAbsoluteError = h.MeanAbsoluteError, buckets = h.Buckets.Select(b => new { frequency = b.Frequency, customers = b.Customers, meanPredicted = b.MeanPredicted, meanActual = b.MeanActual }) } : null,
        }) : null,
        betterFit = both ? c.BetterFit : null,
        periodTransactions = both ? c.PeriodTransactions[0].Rows.Select((r, i) => new { frequency = r.Frequency, actual = r.Actual, bgnbd = r.Expected, paretonbd = c.PeriodTransactions[1].Rows[i].Expected }) : null,
        clvModel = "Pareto/NBD",
        clvTotal = value?.Total ?? double.NaN,
        clvUnavailable = value is null ? spendError : null,
    };

    private static string ComparisonText(ModelComparison c, LifetimeValue? value, string? spendError, bool both)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{c.Summary}\n\n");
        var p = c.ParetoNbd;
        sb.Append(inv, $"Pareto/NBD ({(p.Converged ? "converged" : "NOT converged: " + p.Exit)}, {p.Iterations} iterations, log-likelihood {p.LogLikelihood:0.##})\n");
        sb.Append(inv, $"  r     {p.Parameters.R,10:0.####}  ± {p.StandardErrors.R:0.####}\n  alpha {p.Parameters.Alpha,10:0.####}  ± {p.StandardErrors.Alpha:0.####}   (per {c.Summary.Unit.ToString().ToLowerInvariant()})\n");
        sb.Append(inv, $"  s     {p.Parameters.S,10:0.####}  ± {p.StandardErrors.S:0.####}\n  beta  {p.Parameters.Beta,10:0.####}  ± {p.StandardErrors.Beta:0.####}\n\n");
        if (both)
        {
            sb.Append(inv, $"BG/NBD: {c.BgNbd.Parameters}, log-likelihood {c.BgNbd.LogLikelihood:0.##}\n\n{c}\n");
            var (pbg, ppn) = (c.PeriodTransactions[0].Rows, c.PeriodTransactions[1].Rows);
            sb.Append("\n  calibration frequency   customers: actual   BG/NBD   Pareto/NBD   (the period-transactions check)\n");
            for (int i = 0; i < pbg.Count; i++) sb.Append(inv, $"  {pbg[i].Frequency,21} {pbg[i].Actual,18:N0} {pbg[i].Expected,8:N0} {ppn[i].Expected,12:N0}\n");
            if (c.Scores[0].Holdout is not null)
            {
                sb.Append("\n  calibration frequency   customers   actual   BG/NBD   Pareto/NBD   (mean holdout purchases)\n");
                var bg = c.Scores[0].Holdout!.Buckets; var pn = c.Scores[1].Holdout!.Buckets;
                for (int i = 0; i < bg.Count; i++) sb.Append(inv, $"  {bg[i].Frequency,21} {bg[i].Customers,11:N0} {bg[i].MeanActual,8:0.000} {bg[i].MeanPredicted,8:0.000} {pn[i].MeanPredicted,12:0.000}\n");
            }
        }
        sb.Append('\n').Append(value is null ? "CLV not computed: " + spendError : "CLV with Pareto/NBD purchases and Gamma–Gamma spend: " + value).Append('\n');
        return sb.ToString();
    }

    internal static object ToJson(ClvModels run) => new
    {
        customers = run.Summary.Count,
        timeUnit = run.Summary.Unit.ToString().ToLowerInvariant(),
        observationEnd = run.Summary.ObservationEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bgnbd = new
        {
            r = run.BgNbd.Parameters.R, alpha = run.BgNbd.Parameters.Alpha, a = run.BgNbd.Parameters.A, b = run.BgNbd.Parameters.B,
            standardErrors = new { r = run.BgNbd.StandardErrors.R, alpha = run.BgNbd.StandardErrors.Alpha, a = run.BgNbd.StandardErrors.A, b = run.BgNbd.StandardErrors.B },
            logLikelihood = run.BgNbd.LogLikelihood, converged = run.BgNbd.Converged, iterations = run.BgNbd.Iterations, exit = run.BgNbd.Exit.ToString(),
            boundaryWarning = run.BgNbd.BoundaryWarning,
        },
        gammaGamma = run.GammaGamma is { } g ? (object)new
        {
            p = g.Parameters.P, q = g.Parameters.Q, v = g.Parameters.V,
            standardErrors = new { p = g.StandardErrors.P, q = g.StandardErrors.Q, v = g.StandardErrors.V },
            logLikelihood = g.LogLikelihood, converged = g.Converged, customers = g.Customers,
            frequencySpendCorrelation = g.FrequencySpendCorrelation, warnings = g.Warnings,
        } : new { converged = false, error = run.GammaGammaError },
        clvTotal = run.Value?.Total ?? double.NaN,
        clvUnavailable = run.ValueError,
        clv = run.Value is { } v ? new
        {
            horizonMonths = v.HorizonMonths, monthlyDiscountRate = v.MonthlyDiscountRate, margin = v.Margin,
            quantiles = v.Quantiles().ToDictionary(q => q.Key.ToString("0.##", CultureInfo.InvariantCulture), q => q.Value),
            top = v.Customers.Take(10).Select(c => new { customerId = c.CustomerId, frequency = c.Frequency, pAlive = c.ProbabilityAlive, expectedPurchases = c.ExpectedPurchases, expectedSpend = c.ExpectedSpend, clv = c.Clv }),
        } : null,
        holdout = run.Holdout is { } h ? new
        {
            duration = h.Duration, predicted = h.Predicted, actual = h.Actual, meanAbsoluteError = h.MeanAbsoluteError,
            buckets = h.Buckets.Select(b => new { frequency = b.Frequency, customers = b.Customers, meanPredicted = b.MeanPredicted, meanActual = b.MeanActual }),
        } : null,
    };

    internal static string ToText(ClvModels run, LoadReport load)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var s = run.Summary;
        sb.Append(inv, $"{load.Source}: {s}\n\n");
        var bg = run.BgNbd;
        sb.Append(inv, $"BG/NBD ({(bg.Converged ? "converged" : "NOT converged: " + bg.Exit)}, {bg.Iterations} iterations, log-likelihood {bg.LogLikelihood:0.##})\n");
        sb.Append(inv, $"  r     {bg.Parameters.R,10:0.####}  ± {bg.StandardErrors.R:0.####}\n  alpha {bg.Parameters.Alpha,10:0.####}  ± {bg.StandardErrors.Alpha:0.####}   (per {s.Unit.ToString().ToLowerInvariant()})\n");
        sb.Append(inv, $"  a     {bg.Parameters.A,10:0.####}  ± {bg.StandardErrors.A:0.####}\n  b     {bg.Parameters.B,10:0.####}  ± {bg.StandardErrors.B:0.####}\n\n");
        if (run.GammaGamma is { } g)
        {
            sb.Append(inv, $"Gamma–Gamma ({(g.Converged ? "converged" : "NOT converged")}, {g.Customers:N0} repeat customers)\n");
            sb.Append(inv, $"  p {g.Parameters.P:0.####} ± {g.StandardErrors.P:0.####}   q {g.Parameters.Q:0.####} ± {g.StandardErrors.Q:0.####}   v {g.Parameters.V:0.####} ± {g.StandardErrors.V:0.####}\n");
            sb.Append(inv, $"  correlation of frequency and spend: {g.FrequencySpendCorrelation:0.###} (the model assumes 0)\n");
            foreach (var w in g.Warnings) sb.Append("  warning: ").Append(w).Append('\n');
        }
        else sb.Append("Gamma–Gamma not fitted: ").Append(run.GammaGammaError).Append('\n');
        if (run.ValueError is { } noValue) sb.Append(noValue).Append('\n');
        if (run.Value is { } v)
        {
            sb.Append(inv, $"\n{v}\n  top customers by CLV:\n    customer       freq  P(alive)  exp. purchases  exp. spend        CLV\n");
            foreach (var c in v.Customers.Take(10))
                sb.Append(inv, $"    {c.CustomerId,-12} {c.Frequency,6} {c.ProbabilityAlive,9:0.000} {c.ExpectedPurchases,15:0.00} {c.ExpectedSpend,11:N2} {c.Clv,10:N2}\n");
        }
        if (run.Holdout is { } h)
        {
            sb.Append(inv, $"\n{h}\n  calibration frequency   customers   mean predicted   mean actual\n");
            foreach (var b in h.Buckets) sb.Append(inv, $"  {b.Frequency,21} {b.Customers,11:N0} {b.MeanPredicted,16:0.000} {b.MeanActual,13:0.000}\n");
        }
        return sb.ToString();
    }
}
