namespace RetentionKit.Clv;

/// <summary>
/// What a fitted buy-till-you-die model of non-contractual purchases predicts for a customer with frequency x, recency
/// tₓ and age T (in the summary's unit): BG/NBD and Pareto/NBD both answer it, so holdout checks, CLV and model
/// comparison take either.
/// </summary>
public interface IPurchaseModel
{
    /// <summary>The model's name, as printed (BG/NBD, Pareto/NBD).</summary>
    string Model { get; }
    /// <summary>Number of free parameters (for AIC and BIC).</summary>
    int ParameterCount { get; }
    /// <summary>Total log-likelihood of the fitted data.</summary>
    double LogLikelihood { get; }
    /// <summary>P(alive at T | x, tₓ, T).</summary>
    double ProbabilityAlive(int frequency, double recency, double t);
    /// <summary>Expected purchases in (T, T + horizon].</summary>
    double ExpectedPurchases(double horizon, int frequency, double recency, double t);
    /// <summary>Expected purchases of a new customer in its first t units.</summary>
    double ExpectedPurchasesNewCustomer(double t);
    /// <summary>P(X(t) = n): the chance that a new customer makes n repeat purchases in its first t units.</summary>
    double ProbabilityOfPurchases(int n, double t);
}
