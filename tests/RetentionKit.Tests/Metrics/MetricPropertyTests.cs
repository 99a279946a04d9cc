using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RetentionKit.Cohorts;
using RetentionKit.Customers;
using RetentionKit.Data;
using RetentionKit.Metrics;
using RetentionKit.Periods;
using RetentionKit.Retention;

namespace RetentionKit.Tests.Metrics;

/// <summary>Invariants that hold for any transaction table.</summary>
public class MetricPropertyTests
{
    /// <summary>A random table: up to 12 customers, orders over 2024 with some returns and same-day orders.</summary>
    private static Transactions Random(int seed, int lines)
    {
        var rng = new System.Random(seed);
        var rows = new List<Transaction>();
        for (int i = 0; i < lines; i++)
        {
            string cust = "c" + rng.Next(12);
            var when = new DateTime(2024, 1, 1).AddDays(rng.Next(365)).AddHours(rng.Next(24));
            bool ret = rng.NextDouble() < 0.1;
            double value = Math.Round(rng.NextDouble() * 100, 2);
            rows.Add(new(rng.NextDouble() < 0.05 ? null : cust, (ret ? "C" : "") + rng.Next(60), when, ret ? -1 : 1, value, ret ? -value : value));
        }
        return Transactions.FromRows(rows);
    }

    private static readonly PeriodLength[] Units = [PeriodLength.Week, PeriodLength.Month, PeriodLength.Quarter, PeriodLength.Days(10)];

    [Property(MaxTest = 150)]
    public bool Identity_EEqualsSMinusLostPlusNPlusReactivated(int seed, PositiveInt lines, byte unit)
    {
        var h = OrderHistory.From(Random(seed, lines.Get % 400));
        var grid = PeriodGrid.Create(Units[unit % Units.Length], new DateTime(2024, 1, 1), new DateTime(2025, 1, 1));
        var r = PeriodRetention.Compute(h, grid);
        return r.Periods.All(p => p.E == p.S - p.Lost + p.N + p.Reactivated && p.S == p.Retained + p.Lost);
    }

    [Property(MaxTest = 150)]
    public bool Rates_LieInUnitIntervalWhereDefined(int seed, PositiveInt lines, byte unit)
    {
        var h = OrderHistory.From(Random(seed, lines.Get % 400));
        var grid = PeriodGrid.Create(Units[unit % Units.Length], new DateTime(2024, 1, 1), new DateTime(2025, 1, 1));
        bool In(Rate r) => !r.IsDefined ? double.IsNaN(r.Value) : r.Value >= 0 && r.Value <= 1;
        var r = PeriodRetention.Compute(h, grid);
        // The seed formula (E − N) / S can pass 100 % through reactivations; strict retention and churn cannot.
        return r.Periods.All(p => In(p.StrictRetentionRate) && In(p.ChurnRate) && (!p.RetentionRate.IsDefined || p.RetentionRate.Value >= 0)
            && (p.S > 0 || !p.RetentionRate.IsDefined));
    }

    [Property(MaxTest = 100)]
    public bool Cohorts_FirstColumnIsOneForEveryNonEmptyCohort(int seed, PositiveInt lines)
    {
        var h = OrderHistory.From(Random(seed, lines.Get % 400));
        var m = CohortMatrix.Compute(h, PeriodGrid.Create(PeriodLength.Month, new DateTime(2024, 1, 1), new DateTime(2025, 1, 1)));
        return m.Sizes.Select((s, c) => s == 0 ? double.IsNaN(m.Matrix[c][0]) : m.Matrix[c][0] == 1.0).All(x => x)
            && m.Matrix.SelectMany(r => r).All(v => double.IsNaN(v) || (v >= 0 && v <= 1));
    }

    [Property(MaxTest = 60)]
    public bool Suite_DoesNotDependOnRowOrder(int seed, PositiveInt lines)
    {
        var t = Random(seed, 1 + lines.Get % 300);
        var rows = Enumerable.Range(0, t.Count).Select(i => new Transaction(t.CustomerIdAt(i), t.OrderIds[t.OrderCodes[i]], t.Timestamps[i],
            t.Quantities[i], t.UnitPrices[i], t.Amounts[i])).ToList();
        var rng = new System.Random(seed + 1);
        var shuffled = Transactions.FromRows(rows.OrderBy(_ => rng.Next()).ToList());
        var options = new SuiteOptions { Period = PeriodLength.Month, From = new DateTime(2024, 1, 1), To = new DateTime(2025, 1, 1) };
        if (OrderHistory.From(t).FirstOrder is null) return true;
        var a = MetricSuite.Compute(t, options);
        var b = MetricSuite.Compute(shuffled, options);
        static string Key(MetricReport m) => string.Join("|", m.Retention.Periods.Select(p => $"{p.S},{p.E},{p.N},{p.Retained},{p.Reactivated}"))
            + string.Join("|", m.Revenue.Periods.Select(p => Math.Round(p.Grr.Value, 9) + "," + Math.Round(p.NetRevenue, 6)))
            + m.Repeat.RepeatPurchaseRatio.Value + m.Cycle.PooledMedianDays + m.Returns.ByUnits.Value
            + string.Join(",", m.Rfm.SegmentCounts.Values) + string.Join(",", m.Cohorts.Sizes);
        return Key(a) == Key(b);
    }
}
