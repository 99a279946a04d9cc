namespace RetentionKit.Clv;

/// <summary>
/// Both models fitted to one summary, and the CLV they give: the usual pipeline in one call. Gamma–Gamma needs repeat
/// customers with positive spend; without them it is left out with the reason, and CLV with it.
/// </summary>
/// <param name="Summary">The customers fitted.</param>
/// <param name="BgNbd">Purchases and P(alive).</param>
/// <param name="GammaGamma">Spend per purchase, or null (see <paramref name="GammaGammaError"/>).</param>
/// <param name="GammaGammaError">Why Gamma–Gamma could not be fitted.</param>
/// <param name="Value">CLV per customer, or null without a spend model.</param>
public sealed record ClvModels(CustomerSummary Summary, BgNbdFit BgNbd, GammaGammaFit? GammaGamma, string? GammaGammaError, LifetimeValue? Value)
{
    /// <summary>Predicted against actual purchases in a holdout, when one was checked.</summary>
    public HoldoutValidation? Holdout { get; init; }

    /// <summary>Why there is no CLV (a model missing or not converged), or null when there is.</summary>
    public string? ValueError { get; init; }

    /// <summary>Fits BG/NBD and Gamma–Gamma to <paramref name="summary"/> and computes CLV over <paramref name="horizonMonths"/>.</summary>
    public static ClvModels Fit(CustomerSummary summary, int horizonMonths = 12, double monthlyDiscountRate = 0.01, double margin = 1)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var bg = Clv.BgNbd.Fit(summary);
        GammaGammaFit? gg = null;
        string? error = null;
        try { gg = Clv.GammaGamma.Fit(summary); }
        catch (ArgumentException e) { error = e.Message; }
        return Assemble(summary, bg, gg, error, horizonMonths, monthlyDiscountRate, margin);
    }

    /// <summary>Gamma–Gamma on the summary's repeat customers, or why it cannot be fitted or did not converge (then <c>Fit</c> is null).</summary>
    public static (GammaGammaFit? Fit, string? Error) FitSpend(CustomerSummary summary)
    {
        try
        {
            var gg = Clv.GammaGamma.Fit(summary);
            return gg.Converged ? (gg, null) : (null, $"the Gamma–Gamma fit did not converge ({gg.Exit} after {gg.Iterations} iterations)");
        }
        catch (ArgumentException e) { return (null, e.Message); }
    }

    /// <summary>The pipeline's last step: CLV from the two fits, unless one is missing or did not converge.</summary>
    internal static ClvModels Assemble(CustomerSummary summary, BgNbdFit bg, GammaGammaFit? gg, string? error, int horizonMonths, double monthlyDiscountRate, double margin)
    {
        // A model that did not converge gives no predictions to build CLV on.
        string? valueError = gg is null ? $"no CLV: Gamma–Gamma could not be fitted ({error})"
            : !bg.Converged ? $"no CLV: the BG/NBD fit did not converge ({bg.Exit} after {bg.Iterations} iterations)"
            : !gg.Converged ? $"no CLV: the Gamma–Gamma fit did not converge ({gg.Exit} after {gg.Iterations} iterations)"
            : null;
        var value = valueError is null ? LifetimeValue.Compute(summary, bg, gg!, horizonMonths, monthlyDiscountRate, margin) : null;
        return new ClvModels(summary, bg, gg, error, value) { ValueError = valueError };
    }
}
