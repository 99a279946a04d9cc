using System.Globalization;
using System.Text;
using RetentionKit.Clv;
using RetentionKit.Data;

namespace RetentionKit.Cli;

/// <summary><c>retention clv --model bgbb SUMMARY.csv</c>: BG/BB on a discrete-opportunity summary, with predictions per pattern.</summary>
internal static class DiscreteModels
{
    public static string Run(string path, int future, bool json)
    {
        if (!File.Exists(path)) throw new UsageException($"--model bgbb: no file at '{Echo.Value(path)}'; expected a summary with the columns frequency, recency, periods (and weights).");
        DiscreteSummary summary;
        try { summary = DiscreteSummary.Parse(File.ReadAllText(path), Path.GetFileName(path)); }
        catch (FormatException e) { throw new UsageException(e.Message); }
        var fit = BgBb.Fit(summary);
        var rows = Enumerable.Range(0, summary.Frequency.Count).Select(i => (X: summary.Frequency[i], Tx: summary.Recency[i], N: summary.Opportunities[i], W: summary.Weights[i],
            Alive: fit.ProbabilityAlive(summary.Frequency[i], summary.Recency[i], summary.Opportunities[i]),
            Expected: fit.ExpectedTransactions(future, summary.Frequency[i], summary.Recency[i], summary.Opportunities[i]))).ToList();
        var p = fit.Parameters; var se = fit.StandardErrors;
        if (json)
            return Json.Write(new
            {
                model = "BG/BB", customers = fit.Customers, patterns = fit.Patterns,
                alpha = p.Alpha, beta = p.Beta, gamma = p.Gamma, delta = p.Delta,
                standardErrors = new { alpha = se.Alpha, beta = se.Beta, gamma = se.Gamma, delta = se.Delta },
                logLikelihood = fit.LogLikelihood, converged = fit.Converged, iterations = fit.Iterations, exit = fit.Exit.ToString(),
                futureOpportunities = future,
                expectedTransactionsTotal = rows.Sum(r => r.W * r.Expected),
                patternsPredicted = rows.Select(r => new { frequency = r.X, recency = r.Tx, periods = r.N, customers = r.W, pAlive = r.Alive, expectedTransactions = r.Expected }),
            });
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{Path.GetFileName(path)}: {fit.Customers:N0} customers in {fit.Patterns} (frequency, recency) patterns\n\n{fit}\n");
        sb.Append(inv, $"  alpha {p.Alpha,9:0.####} ± {se.Alpha:0.####}\n  beta  {p.Beta,9:0.####} ± {se.Beta:0.####}\n  gamma {p.Gamma,9:0.####} ± {se.Gamma:0.####}\n  delta {p.Delta,9:0.####} ± {se.Delta:0.####}\n\n");
        sb.Append(inv, $"  frequency  recency  periods  customers  P(alive)  expected in the next {future}\n");
        foreach (var r in rows) sb.Append(inv, $"  {r.X,9} {r.Tx,8} {r.N,8} {r.W,10:N0} {r.Alive,9:0.000} {r.Expected,12:0.000}\n");
        sb.Append(inv, $"\nexpected transactions of these customers in the next {future} opportunities: {rows.Sum(r => r.W * r.Expected):N0}\n");
        return sb.ToString();
    }
}
