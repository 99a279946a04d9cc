using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Customers;

namespace RetentionKit.Clv;

/// <summary>One frequency class of <see cref="PeriodTransactions"/>.</summary>
/// <param name="Frequency">Repeat purchases in the calibration period ("7+" for the last class).</param>
/// <param name="Actual">Customers with that many.</param>
/// <param name="Expected">Customers the fitted model expects with that many, given each customer's own T.</param>
public sealed record PeriodTransactionsRow(string Frequency, long Actual, double Expected);

/// <summary>
/// The period-transactions check (lifetimes' plot_period_transactions, FHL 2005 fig. 1): how many customers made 0, 1,
/// 2, … repeat purchases in the calibration period, against what the fitted BG/NBD expects for customers of the same
/// ages: Σᵢ P(X(Tᵢ) = x). A model that fits draws the same histogram.
/// </summary>
/// <param name="Rows">One row per frequency, the last one open ("7+").</param>
/// <param name="Customers">Customers in the summary.</param>
public sealed record PeriodTransactions(IReadOnlyList<PeriodTransactionsRow> Rows, long Customers)
{
    /// <summary>Actual against expected customers per calibration frequency 0 … <paramref name="maxFrequency"/> − 1 and "maxFrequency+".</summary>
    public static PeriodTransactions Compute(CustomerSummary summary, IPurchaseModel fit, int maxFrequency = 7)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequency, 1);
        var actual = new long[maxFrequency + 1];
        var expected = new double[maxFrequency + 1];
        // Customers of the same age share their probabilities: group by T (days make many ties).
        foreach (var group in summary.T.Select((t, i) => (t, x: summary.Frequency[i])).GroupBy(v => v.t))
        {
            double t = group.Key;
            long n = group.LongCount();
            double below = 0;
            for (int x = 0; x < maxFrequency; x++)
            {
                double p = fit.ProbabilityOfPurchases(x, t);
                expected[x] += n * p;
                below += p;
            }
            expected[maxFrequency] += n * Math.Max(0, 1 - below);
            foreach (var v in group) actual[Math.Min(v.x, maxFrequency)]++;
        }
        var rows = Enumerable.Range(0, maxFrequency + 1)
            .Select(x => new PeriodTransactionsRow(x == maxFrequency ? $"{x}+" : x.ToString(CultureInfo.InvariantCulture), actual[x], expected[x])).ToList();
        return new PeriodTransactions(rows, summary.Count) { Model = fit.Model };
    }

    /// <summary>The model whose expectations these are.</summary>
    public string Model { get; init; } = "BG/NBD";

    /// <summary>One row per frequency.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Frequency", Rows.Select(r => r.Frequency)).Add("Actual", Rows.Select(r => r.Actual)).Add("Expected", Rows.Select(r => Math.Round(r.Expected, 1))).Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Calibration repeat purchases of {Customers:N0} customers, actual against the model: {string.Join(", ", Rows.Select(r => $"{r.Frequency}: {r.Actual:N0} / {r.Expected:N1}"))}");
}

/// <summary>One step of <see cref="TrackingPlot"/>.</summary>
/// <param name="End">End of the step (exclusive).</param>
/// <param name="Actual">Repeat purchases made before <paramref name="End"/> (cumulative).</param>
/// <param name="Expected">Repeat purchases the model expects by then (cumulative).</param>
/// <param name="Holdout">Whether the step lies after the calibration end.</param>
public sealed record TrackingPoint(DateTime End, double Actual, double Expected, bool Holdout);

/// <summary>
/// The tracking plot (FHL 2005 fig. 2, CLVTools' plot): cumulative repeat purchases of the calibration customers, one
/// point per time unit, actual against Σᵢ E[X(t − sᵢ)] of the fitted model (sᵢ each customer's first purchase), across
/// the calibration period and the holdout. Where the lines part in the holdout, the model mispredicts the future.
/// </summary>
/// <param name="Unit">The time unit of the steps (the fit's).</param>
/// <param name="CalibrationEnd">End of the calibration period.</param>
/// <param name="HoldoutEnd">End of the holdout.</param>
/// <param name="Customers">Customers first seen before the calibration end.</param>
/// <param name="Points">One per step.</param>
public sealed record TrackingPlot(TimeUnit Unit, DateTime CalibrationEnd, DateTime HoldoutEnd, long Customers, IReadOnlyList<TrackingPoint> Points)
{
    /// <summary>Tracks the customers of <paramref name="history"/> first seen before <paramref name="calibrationEnd"/>.</summary>
    /// <exception cref="ArgumentException">The holdout ends before it starts, or no customer is first seen before the calibration end.</exception>
    public static TrackingPlot Compute(OrderHistory history, BgNbdFit fit, DateTime calibrationEnd, DateTime holdoutEnd)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(fit);
        if (holdoutEnd <= calibrationEnd) throw new ArgumentException($"The holdout end {holdoutEnd:yyyy-MM-dd} must be after the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(holdoutEnd));
        double unitDays = CustomerSummary.DaysPer(fit.Unit);
        int calibrationDay = (int)(calibrationEnd.Ticks / TimeSpan.TicksPerDay), holdoutDay = (int)(holdoutEnd.Ticks / TimeSpan.TicksPerDay);
        var firstDays = new Dictionary<int, long>();
        var repeatDays = new List<int>();
        int earliest = int.MaxValue;
        for (int c = 0; c < history.CustomerCount; c++)
        {
            int s = history.OrderStart[c], e = history.OrderStart[c + 1];
            if (s == e || history.OrderDay[s] >= calibrationDay) continue;
            int first = history.OrderDay[s], last = first;
            firstDays[first] = firstDays.GetValueOrDefault(first) + 1;
            earliest = Math.Min(earliest, first);
            for (int i = s + 1; i < e; i++)
            {
                int d = history.OrderDay[i];
                if (d == last || d >= holdoutDay) continue;
                repeatDays.Add(d);
                last = d;
            }
        }
        if (firstDays.Count == 0) throw new ArgumentException($"No customer was first seen before the calibration end {calibrationEnd:yyyy-MM-dd}.", nameof(calibrationEnd));
        repeatDays.Sort();
        var points = new List<TrackingPoint>();
        int next = 0;
        // Steps of one unit from the first purchase; the calibration end and the holdout end are steps of their own.
        var ends = new SortedSet<double> { calibrationDay, holdoutDay };
        for (double d = earliest + unitDays; d < holdoutDay; d += unitDays) ends.Add(Math.Round(d));
        foreach (double endDay in ends)
        {
            while (next < repeatDays.Count && repeatDays[next] < endDay) next++;
            double expected = 0;
            // t counts whole days observed since the first purchase day, as T does in the customer summary.
            foreach (var (first, n) in firstDays) expected += n * fit.ExpectedPurchasesNewCustomer((endDay - 1 - first) / unitDays);
            points.Add(new TrackingPoint(new DateTime((long)endDay * TimeSpan.TicksPerDay), next, expected, endDay > calibrationDay));
        }
        return new TrackingPlot(fit.Unit, calibrationEnd, holdoutEnd, firstDays.Values.Sum(), points);
    }

    /// <summary>Actual and expected repeat purchases at the calibration end.</summary>
    public TrackingPoint AtCalibrationEnd => Points.Last(p => !p.Holdout);

    /// <summary>Actual and expected repeat purchases at the holdout end.</summary>
    public TrackingPoint AtHoldoutEnd => Points[^1];

    /// <summary>One row per step.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("End", Points.Select(p => p.End)).Add("Actual", Points.Select(p => p.Actual)).Add("Expected", Points.Select(p => Math.Round(p.Expected, 1)))
        .Add("Holdout", Points.Select(p => p.Holdout)).Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Cumulative repeat purchases of {Customers:N0} customers: at the calibration end {CalibrationEnd:yyyy-MM-dd} actual {AtCalibrationEnd.Actual:N0}, model {AtCalibrationEnd.Expected:N0}; at the holdout end {HoldoutEnd:yyyy-MM-dd} actual {AtHoldoutEnd.Actual:N0}, model {AtHoldoutEnd.Expected:N0} (holdout alone: actual {AtHoldoutEnd.Actual - AtCalibrationEnd.Actual:N0}, model {AtHoldoutEnd.Expected - AtCalibrationEnd.Expected:N0})");
}

/// <summary>One moment of <see cref="AliveHistory"/>.</summary>
/// <param name="At">The moment (end of that day).</param>
/// <param name="ProbabilityAlive">P(alive) given the purchases until then.</param>
/// <param name="Purchase">Whether the customer bought that day.</param>
public sealed record AliveHistoryPoint(DateTime At, double ProbabilityAlive, bool Purchase);

/// <summary>
/// One customer's P(alive) over time (lifetimes' plot_history_alive): it is 1 until the first repeat purchase, jumps
/// up at each purchase and decays while the customer is silent, faster for a customer who used to buy often.
/// </summary>
/// <param name="CustomerId">The customer.</param>
/// <param name="Points">One per day from the first purchase to the end.</param>
public sealed record AliveHistory(string CustomerId, IReadOnlyList<AliveHistoryPoint> Points)
{
    /// <summary>P(alive) of <paramref name="customerId"/> each day from their first purchase until <paramref name="end"/> (exclusive).</summary>
    /// <exception cref="ArgumentException">No such customer, or no purchase before the end.</exception>
    public static AliveHistory Of(OrderHistory history, BgNbdFit fit, string customerId, DateTime end)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(fit);
        int c = history.CustomerIds.ToList().IndexOf(customerId);
        if (c < 0) throw new ArgumentException($"no customer '{customerId}' in the history.", nameof(customerId));
        int s = history.OrderStart[c], e = history.OrderStart[c + 1];
        int endDay = (int)(end.Ticks / TimeSpan.TicksPerDay);
        if (s == e || history.OrderDay[s] >= endDay) throw new ArgumentException($"customer '{customerId}' made no purchase before {end:yyyy-MM-dd}.", nameof(customerId));
        double unitDays = CustomerSummary.DaysPer(fit.Unit);
        var days = new SortedSet<int>();
        for (int i = s; i < e; i++) if (history.OrderDay[i] < endDay) days.Add(history.OrderDay[i]);
        int first = days.Min;
        var points = new List<AliveHistoryPoint>();
        int x = -1, last = first;
        for (int d = first; d < endDay; d++)
        {
            bool bought = days.Contains(d);
            if (bought) { x++; last = d; }
            points.Add(new AliveHistoryPoint(new DateTime((long)d * TimeSpan.TicksPerDay), fit.ProbabilityAlive(x, (last - first) / unitDays, (d - first) / unitDays), bought));
        }
        return new AliveHistory(customerId, points);
    }

    /// <summary>One row per day.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Day", Points.Select(p => p.At)).Add("ProbabilityAlive", Points.Select(p => p.ProbabilityAlive)).Add("Purchase", Points.Select(p => p.Purchase)).Build();

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P(alive) of customer {CustomerId} from {Points[0].At:yyyy-MM-dd} ({Points.Count(p => p.Purchase)} purchase days): now {Points[^1].ProbabilityAlive:P1}, lowest {Points.Min(p => p.ProbabilityAlive):P1}");
}

/// <summary>
/// Expected purchases in the next <see cref="Horizon"/> units over frequency and recency, for customers of age
/// <see cref="T"/> (lifetimes' plot_frequency_recency_matrix): the best customers bought often and recently.
/// </summary>
/// <param name="T">Age of the customers: units from their first purchase.</param>
/// <param name="Horizon">Units ahead.</param>
/// <param name="Frequencies">Rows: repeat purchases 0 … max.</param>
/// <param name="Recencies">Columns: units from first to last purchase, 0 … T.</param>
/// <param name="Values">Values[x][j]: expected purchases; NaN where impossible (no repeat purchase but a recency above 0).</param>
/// <param name="Unit">The fit's time unit.</param>
public sealed record ExpectedPurchasesMatrix(double T, double Horizon, IReadOnlyList<int> Frequencies, IReadOnlyList<double> Recencies, IReadOnlyList<IReadOnlyList<double>> Values, TimeUnit Unit)
{
    /// <summary>The matrix for customers of age <paramref name="t"/>, <paramref name="steps"/> + 1 recencies.</summary>
    public static ExpectedPurchasesMatrix Compute(BgNbdFit fit, double t, double horizon, int maxFrequency = 20, int steps = 40)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (!(t > 0) || !(horizon > 0)) throw new ArgumentException($"T and the horizon must be positive (T {t}, horizon {horizon}).");
        var recency = Enumerable.Range(0, steps + 1).Select(i => t * i / steps).ToArray();
        var values = Enumerable.Range(0, maxFrequency + 1)
            .Select(x => (IReadOnlyList<double>)recency.Select(r => x == 0 && r > 0 ? double.NaN : fit.ExpectedPurchases(horizon, x, x == 0 ? 0 : r, t)).ToArray()).ToArray();
        return new ExpectedPurchasesMatrix(t, horizon, Enumerable.Range(0, maxFrequency + 1).ToArray(), recency, values, fit.Unit);
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Expected purchases in the next {Horizon:0.#} {Unit.ToString().ToLowerInvariant()}s for customers first seen {T:0.#} ago: from {Values.SelectMany(v => v).Where(double.IsFinite).Min():0.00} to {Values.SelectMany(v => v).Where(double.IsFinite).Max():0.00}");
}

/// <summary>One customer of <see cref="CustomerForecast"/>.</summary>
public sealed record CustomerForecastRow(string CustomerId, int Frequency, double Recency, double T, double ProbabilityAlive, double ExpectedPurchases);

/// <summary>Customers ranked by the purchases the fitted BG/NBD expects of them in the next <see cref="Horizon"/> units.</summary>
/// <param name="Horizon">Units ahead.</param>
/// <param name="Unit">The fit's time unit.</param>
/// <param name="Customers">Most expected purchases first.</param>
public sealed record CustomerForecast(double Horizon, TimeUnit Unit, IReadOnlyList<CustomerForecastRow> Customers)
{
    /// <summary>Ranks the summary's customers.</summary>
    public static CustomerForecast Rank(CustomerSummary summary, BgNbdFit fit, double horizon)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(fit);
        if (!(horizon > 0)) throw new ArgumentException($"the horizon must be positive, not {horizon}.", nameof(horizon));
        var rows = Enumerable.Range(0, summary.Count).Select(i => new CustomerForecastRow(summary.CustomerIds[i], summary.Frequency[i], summary.Recency[i], summary.T[i],
                fit.ProbabilityAlive(summary.Frequency[i], summary.Recency[i], summary.T[i]), fit.ExpectedPurchases(horizon, summary.Frequency[i], summary.Recency[i], summary.T[i])))
            .OrderByDescending(r => r.ExpectedPurchases).ThenBy(r => r.CustomerId, StringComparer.Ordinal).ToList();
        return new CustomerForecast(horizon, fit.Unit, rows);
    }

    /// <summary>The first <paramref name="top"/> customers (all when null).</summary>
    public DataFrame ToDataFrame(int? top = null)
    {
        var rows = top is { } n ? Customers.Take(n).ToList() : Customers;
        return new FrameBuilder().Add("CustomerId", rows.Select(r => r.CustomerId)).Add("Frequency", rows.Select(r => r.Frequency))
            .Add("Recency", rows.Select(r => Math.Round(r.Recency, 2))).Add("T", rows.Select(r => Math.Round(r.T, 2)))
            .Add("ProbabilityAlive", rows.Select(r => r.ProbabilityAlive)).Add("ExpectedPurchases", rows.Select(r => Math.Round(r.ExpectedPurchases, 3))).Build();
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Customers.Count:N0} customers ranked by expected purchases in the next {Horizon:0.#} {Unit.ToString().ToLowerInvariant()}s (total {Customers.Sum(c => c.ExpectedPurchases):N1}); top: {(Customers.Count > 0 ? $"{Customers[0].CustomerId} with {Customers[0].ExpectedPurchases:0.00}" : "none")}");
}
