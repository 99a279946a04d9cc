using System.Globalization;
using Microsoft.Data.Analysis;
using RetentionKit.Data;
using RetentionKit.Periods;

namespace RetentionKit.Receivables;

/// <summary>DSO of one period, by both definitions (spec §6).</summary>
/// <param name="Period">The period.</param>
/// <param name="OpenReceivables">Amount of invoices issued before the period end and unpaid at it.</param>
/// <param name="CreditSales">Amount invoiced during the period.</param>
/// <param name="Dso">OpenReceivables / CreditSales × days in the period.</param>
/// <param name="PaidInvoices">Invoices paid during the period.</param>
/// <param name="WeightedDaysToPay">Amount-weighted mean days from issue to payment of the invoices paid during the period.</param>
/// <param name="Warnings">Why a figure is undefined.</param>
public sealed record DsoPeriod(Period Period, double OpenReceivables, double CreditSales, double Dso, long PaidInvoices, double WeightedDaysToPay, IReadOnlyList<string> Warnings);

/// <summary>Days sales outstanding per period.</summary>
public sealed record DaysSalesOutstanding(PeriodLength Length, IReadOnlyList<DsoPeriod> Periods, long Invoices)
{
    /// <summary>Computes DSO per period of <paramref name="grid"/>.</summary>
    /// <exception cref="ArgumentException">An invoice is paid before it is issued, or has a negative amount (its row is named).</exception>
    public static DaysSalesOutstanding Compute(IReadOnlyList<Invoice> invoices, PeriodGrid grid)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        ArgumentNullException.ThrowIfNull(grid);
        for (int i = 0; i < invoices.Count; i++)
        {
            var v = invoices[i];
            if (v.PaidDate is { } paid && paid < v.IssueDate)
                throw new ArgumentException($"Invoice row {i + 1} ('{v.InvoiceId}') is paid {paid:yyyy-MM-dd}, before it was issued {v.IssueDate:yyyy-MM-dd}.", nameof(invoices));
            if (v.Amount < 0 || double.IsNaN(v.Amount))
                throw new ArgumentException($"Invoice row {i + 1} ('{v.InvoiceId}') has amount {v.Amount.ToString(CultureInfo.InvariantCulture)}; credit sales must be zero or more.", nameof(invoices));
        }
        var rows = new List<DsoPeriod>();
        foreach (var p in grid.Periods)
        {
            double open = 0, sales = 0, weighted = 0, paidAmount = 0;
            long paidCount = 0;
            foreach (var v in invoices)
            {
                if (v.IsOpenAt(p.End)) open += v.Amount;
                if (p.Contains(v.IssueDate)) sales += v.Amount;
                if (v.PaidDate is { } paid && p.Contains(paid))
                {
                    paidCount++;
                    paidAmount += v.Amount;
                    weighted += v.Amount * (paid - v.IssueDate).TotalDays;
                }
            }
            var w = new List<string>();
            if (sales == 0) w.Add($"no credit sales in {p}: DSO is undefined.");
            if (paidAmount == 0) w.Add($"no invoice paid in {p}: days to pay is undefined.");
            rows.Add(new DsoPeriod(p, open, sales, sales > 0 ? open / sales * p.Days : double.NaN, paidCount,
                paidAmount > 0 ? weighted / paidAmount : double.NaN, w));
        }
        return new DaysSalesOutstanding(grid.Length, rows, invoices.Count);
    }

    /// <summary>One row per period.</summary>
    public DataFrame ToDataFrame() => new FrameBuilder()
        .Add("Start", Periods.Select(p => p.Period.Start)).Add("OpenReceivables", Periods.Select(p => p.OpenReceivables))
        .Add("CreditSales", Periods.Select(p => p.CreditSales)).Add("DSO", Periods.Select(p => p.Dso))
        .Add("PaidInvoices", Periods.Select(p => p.PaidInvoices)).Add("WeightedDaysToPay", Periods.Select(p => p.WeightedDaysToPay)).Build();
}
