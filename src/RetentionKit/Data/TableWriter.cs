using System.Globalization;
using System.Text;

namespace RetentionKit.Data;

/// <summary>
/// Writes the tables beside transactions as CSV with the headers <see cref="TableLoader"/> knows (dates ISO, numbers
/// invariant, an open end or payment left empty), so a written table loads back to the same rows without options.
/// </summary>
public static class TableWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>customer,start,end,mrr</summary>
    public static void Subscriptions(IEnumerable<Subscription> rows, string path) =>
        Write(path, "customer,start,end,mrr", rows, x => [x.CustomerId, D(x.Start), D(x.End), N(x.MonthlyAmount)]);

    /// <summary>invoice,customer,issue_date,due_date,amount,paid_date</summary>
    public static void Invoices(IEnumerable<Invoice> rows, string path) =>
        Write(path, "invoice,customer,issue_date,due_date,amount,paid_date", rows, x => [x.InvoiceId, x.CustomerId, D(x.IssueDate), D(x.DueDate), N(x.Amount), D(x.PaidDate)]);

    /// <summary>customer,date,nps,csat,reason</summary>
    public static void Surveys(IEnumerable<SurveyResponse> rows, string path) =>
        Write(path, "customer,date,nps,csat,reason", rows, x => [x.CustomerId, D(x.Date), x.Nps?.ToString(Inv) ?? "", x.Csat?.ToString(Inv) ?? "", x.ChurnReason ?? ""]);

    /// <summary>customer,join_date,leave_date</summary>
    public static void Members(IEnumerable<LoyaltyMembership> rows, string path) =>
        Write(path, "customer,join_date,leave_date", rows, x => [x.CustomerId, D(x.JoinDate), D(x.LeaveDate)]);

    private static string D(DateTime d) => d.ToString(d.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", Inv);
    private static string D(DateTime? d) => d is { } v ? D(v) : "";
    private static string N(double x) => x.ToString("R", Inv);

    private static void Write<T>(string path, string header, IEnumerable<T> rows, Func<T, string[]> fields)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        w.WriteLine(header);
        foreach (var row in rows) w.WriteLine(string.Join(',', fields(row).Select(Quote)));
    }

    // RFC 4180: a field with a delimiter, quote or line break is quoted, its quotes doubled.
    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
