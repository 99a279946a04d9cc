namespace RetentionKit.Periods;

/// <summary>
/// One pass over every customer's period cells that tallies what retention, revenue and cohort
/// metrics need per period k (S = active in k−1, E = active in k, and their revenues).
/// </summary>
internal sealed class PeriodTally
{
    public readonly int P;
    public readonly long[] S, E, N, Retained, Lost, Reactivated, Orders;
    // Revenue of the S customers in k−1 and in k; min(k, k−1) summed; lost customers' k−1 revenue; contraction/expansion of retained ones.
    public readonly double[] RevPrev, RevCur, RevMin, RevLost, Contraction, Expansion;
    // Customers acquired before k: revenue in k and in k−1.
    public readonly double[] ExistingCur, ExistingPrev;
    public readonly double[] NetRevenue; // every identified customer's net revenue in k

    public PeriodTally(PeriodActivity a)
    {
        P = a.PeriodCount;
        S = new long[P]; E = new long[P]; N = new long[P]; Retained = new long[P]; Lost = new long[P]; Reactivated = new long[P]; Orders = new long[P];
        RevPrev = new double[P]; RevCur = new double[P]; RevMin = new double[P]; RevLost = new double[P];
        Contraction = new double[P]; Expansion = new double[P]; ExistingCur = new double[P]; ExistingPrev = new double[P]; NetRevenue = new double[P];
        int customers = a.History.CustomerCount;
        for (int c = 0; c < customers; c++)
        {
            int first = a.FirstPeriod[c];
            if (first == PeriodActivity.NoOrders)
            {
                // Only returns: never active, but their returns are still net revenue.
                for (int j = a.CellStart[c]; j < a.CellStart[c + 1]; j++)
                    if (a.CellPeriod[j] >= 0) NetRevenue[a.CellPeriod[j]] += a.CellRevenue[j];
                continue;
            }
            if (first >= 0 && first < P) N[first]++;
            int s = a.CellStart[c], e = a.CellStart[c + 1];
            // Walk k over the periods where this customer has a cell in k or k−1.
            for (int j = s; j < e; j++)
            {
                int k = a.CellPeriod[j];
                bool active = a.CellOrders[j] > 0;
                double rev = a.CellRevenue[j];
                bool hasPrev = j > s && a.CellPeriod[j - 1] == k - 1;
                bool prevActive = hasPrev && a.CellOrders[j - 1] > 0;
                double prevRev = hasPrev ? a.CellRevenue[j - 1] : 0;
                if (k >= 0) { Visit(k, first, prevActive, prevRev, active, rev); Orders[k] += a.CellOrders[j]; }
                // The next period has no cell for this customer: visit it with nothing in k+1.
                bool nextHasCell = j + 1 < e && a.CellPeriod[j + 1] == k + 1;
                if (!nextHasCell && k + 1 < P) Visit(k + 1, first, active, rev, false, 0);
            }
        }
    }

    private void Visit(int k, int first, bool prevActive, double prevRev, bool active, double rev)
    {
        if (active) { E[k]++; }
        NetRevenue[k] += rev;
        if (first < k) { ExistingCur[k] += rev; ExistingPrev[k] += prevRev; }
        if (prevActive)
        {
            S[k]++;
            RevPrev[k] += prevRev; RevCur[k] += rev; RevMin[k] += Math.Min(rev, prevRev);
            if (active)
            {
                Retained[k]++;
                if (rev < prevRev) Contraction[k] += prevRev - rev; else Expansion[k] += rev - prevRev;
            }
            else { Lost[k]++; RevLost[k] += prevRev; }
        }
        else if (active && first < k - 1) Reactivated[k]++;
    }
}
