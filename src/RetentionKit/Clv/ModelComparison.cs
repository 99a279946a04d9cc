using System.Globalization;
using Microsoft.Data.Analysis;

namespace RetentionKit.Clv;

/// <summary>One model's scores: fit (log-likelihood, AIC, BIC) and, with a holdout, how well it predicted.</summary>
/// <param name="Model">BG/NBD or Pareto/NBD.</param>
/// <param name="LogLikelihood">Of the calibration data.</param>
/// <param name="Aic">2k − 2 LL (lower is better).</param>
/// <param name="Bic">k ln n − 2 LL (lower is better).</param>
/// <param name="Holdout">The holdout check, when the summary has one.</param>
public sealed record ModelScore(string Model, double LogLikelihood, double Aic, double Bic, HoldoutValidation? Holdout);

/// <summary>
/// BG/NBD and Pareto/NBD fitted side by side on one customer summary: the likelihoods (both have four parameters, so
/// AIC and BIC order them as the likelihood does), and on a holdout the predicted against actual purchases, overall,
/// per customer and per calibration frequency. Which assumption fits: leaving only right after a purchase (BG/NBD), or
/// at any moment (Pareto/NBD).
/// </summary>
public sealed record ModelComparison(CustomerSummary Summary, BgNbdFit BgNbd, ParetoNbdFit ParetoNbd, IReadOnlyList<ModelScore> Scores)
{
    /// <summary>Fits both models to <paramref name="summary"/> (with a holdout when it has one).</summary>
    /// <exception cref="ModelFitException">No customer made a repeat purchase.</exception>
    public static ModelComparison Fit(CustomerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var bg = Clv.BgNbd.Fit(summary);
        var pareto = Clv.ParetoNbd.Fit(summary);
        var scores = new IPurchaseModel[] { bg, pareto }.Select(m => new ModelScore(m.Model, m.LogLikelihood,
            2 * m.ParameterCount - 2 * m.LogLikelihood, m.ParameterCount * Math.Log(summary.Count) - 2 * m.LogLikelihood,
            summary.HoldoutFrequency is null ? null : HoldoutValidation.Compute(summary, m))).ToList();
        return new ModelComparison(summary, bg, pareto, scores)
        {
            PeriodTransactions = [Clv.PeriodTransactions.Compute(summary, bg), Clv.PeriodTransactions.Compute(summary, pareto)],
        };
    }

    /// <summary>The period-transactions check of each model (BG/NBD, then Pareto/NBD): customers per calibration frequency, actual against expected.</summary>
    public IReadOnlyList<PeriodTransactions> PeriodTransactions { get; init; } = [];

    /// <summary>The model with the higher likelihood (lower AIC) on the calibration data.</summary>
    public string BetterFit => Scores.OrderBy(s => s.Aic).First().Model;

    /// <summary>One row per model.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Model", Scores.Select(s => s.Model)).Add("LogLikelihood", Scores.Select(s => s.LogLikelihood))
        .Add("AIC", Scores.Select(s => s.Aic)).Add("BIC", Scores.Select(s => s.Bic))
        .Add("HoldoutPredicted", Scores.Select(s => s.Holdout?.Predicted ?? double.NaN)).Add("HoldoutActual", Scores.Select(s => s.Holdout?.Actual ?? double.NaN))
        .Add("HoldoutMeanAbsoluteError", Scores.Select(s => s.Holdout?.MeanAbsoluteError ?? double.NaN)).Build();

    /// <summary>Mean predicted holdout purchases of both models and the actual mean, per calibration frequency.</summary>
    public DataFrame BucketsFrame()
    {
        var bg = Scores[0].Holdout ?? throw new InvalidOperationException("The summary has no holdout: build it with CustomerSummary.CalibrationHoldout.");
        var pareto = Scores[1].Holdout!;
        return new FrameBuilder().Add("CalibrationFrequency", bg.Buckets.Select(b => b.Frequency)).Add("Customers", bg.Buckets.Select(b => b.Customers))
            .Add("Actual", bg.Buckets.Select(b => b.MeanActual)).Add("BgNbd", bg.Buckets.Select(b => b.MeanPredicted))
            .Add("ParetoNbd", pareto.Buckets.Select(b => b.MeanPredicted)).Build();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = Scores.Select(s => string.Create(inv, $"{s.Model}: log-likelihood {s.LogLikelihood:0.00}, AIC {s.Aic:0.0}, BIC {s.Bic:0.0}")
            + (s.Holdout is { } h ? string.Create(inv, $"; holdout {h.Predicted:0.0} predicted against {h.Actual:0} actual, mean absolute error {h.MeanAbsoluteError:0.000} per customer") : ""));
        double gap = Math.Abs(Scores[0].Aic - Scores[1].Aic);
        return string.Join("\n", lines) + string.Create(inv, $"\n{BetterFit} fits the calibration data better by {gap:0.0} AIC points{(gap < 2 ? " (under 2: no real difference)" : "")}.");
    }
}
