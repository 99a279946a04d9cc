using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;
using RetentionKit.Periods;

namespace RetentionKit.Cohorts;

/// <summary>
/// Acquisition-cohort retention (spec §9): a cohort is the customers whose first order ever falls in a period of
/// the window; cell (c, j) is the share of cohort c that ordered j periods after its first period. Column 0 is
/// 100 % by construction. Cells past the window's end are not observed: NaN.
/// </summary>
/// <param name="Length">The period unit.</param>
/// <param name="Starts">Each cohort's first period start.</param>
/// <param name="Sizes">Customers per cohort.</param>
/// <param name="Active">Active[c][j]: customers of cohort c who ordered in period c + j.</param>
/// <param name="Matrix">Active / size; NaN where unobserved or the cohort is empty.</param>
/// <param name="CustomersBeforeWindow">Customers acquired before the window: in no cohort.</param>
/// <param name="Warnings">Partial periods left out, a period shorter than three purchase cycles.</param>
public sealed record CohortMatrix(PeriodLength Length, IReadOnlyList<DateTime> Starts, IReadOnlyList<long> Sizes,
    IReadOnlyList<IReadOnlyList<long>> Active, IReadOnlyList<IReadOnlyList<double>> Matrix, long CustomersBeforeWindow, IReadOnlyList<string> Warnings)
{
    /// <summary>Builds the matrix on the periods of <paramref name="grid"/>; <paramref name="cycle"/> (measured when null) decides the short-period warning.</summary>
    public static CohortMatrix Compute(OrderHistory history, PeriodGrid grid, PurchaseCycle? cycle = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(grid);
        return From(PeriodActivity.Build(history, grid), cycle ?? PurchaseCycle.Measure(history));
    }

    internal static CohortMatrix From(PeriodActivity a, PurchaseCycle cycle)
    {
        int p = a.PeriodCount;
        var active = new long[p][];
        for (int c = 0; c < p; c++) active[c] = new long[p - c];
        var sizes = new long[p];
        long before = 0;
        for (int cust = 0; cust < a.History.CustomerCount; cust++)
        {
            int first = a.FirstPeriod[cust];
            if (first == PeriodActivity.NoOrders || first >= p) continue;
            if (first < 0) { before++; continue; }
            sizes[first]++;
            for (int j = a.CellStart[cust]; j < a.CellStart[cust + 1]; j++)
            {
                int k = a.CellPeriod[j];
                if (k >= first && a.CellOrders[j] > 0) active[first][k - first]++;
            }
        }
        var matrix = new IReadOnlyList<double>[p];
        for (int c = 0; c < p; c++)
        {
            var row = new double[p];
            for (int j = 0; j < p; j++) row[j] = j < p - c && sizes[c] > 0 ? (double)active[c][j] / sizes[c] : double.NaN;
            matrix[c] = row;
        }
        var warnings = new List<string>(a.Grid.Warnings);
        if (cycle.ShortPeriodWarning(a.Grid.Length) is { } w) warnings.Add(w);
        return new CohortMatrix(a.Grid.Length, a.Grid.Periods.Select(x => x.Start).ToList(), sizes, active, matrix, before, warnings);
    }

    /// <summary>One row per cohort: its start, size, and a column per periods-since-acquisition.</summary>
    public DataFrame ToDataFrame()
    {
        var b = new FrameBuilder().Add("Cohort", Starts).Add("Size", Sizes);
        for (int j = 0; j < Starts.Count; j++) b.Add(j.ToString(CultureInfo.InvariantCulture), Matrix.Select(r => r[j]));
        return b.Build();
    }
}
