using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace RetentionKit.Charts.Reports;

/// <summary>
/// The report's tables as one Excel workbook (SpreadCheetah, MIT): a sheet per table, named like its CSV; numbers as
/// number cells, rates as fractions in a percent format (so 0.595 shows as 59.5 % and sums as a number), dates as date
/// cells, text as text (a cell is never a formula, so no guard is needed), undefined values empty. The header row is
/// bold and frozen, with a filter.
/// </summary>
public static class ReportWorkbook
{
    private const int MaxSheetName = 31;

    /// <summary>Writes the workbook to <paramref name="path"/>.</summary>
    public static void Write(IReadOnlyList<ReportTable> tables, string path)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var file = File.Create(path);
        Write(tables, file);
    }

    /// <summary>Writes the workbook to a stream (left open).</summary>
    public static void Write(IReadOnlyList<ReportTable> tables, Stream stream) =>
        Task.Run(async () =>
        {
            await using var book = await Spreadsheet.CreateNewAsync(stream, new SpreadCheetahOptions { BufferSize = 1 << 16 }).ConfigureAwait(false);
            var bold = book.AddStyle(new Style { Font = { Bold = true } });
            var percent = book.AddStyle(new Style { Format = NumberFormat.Custom("0.0%") });
            var number = book.AddStyle(new Style { Format = NumberFormat.Custom("#,##0.##") });
            var day = book.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd") });
            var stamp = book.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd hh:mm") });
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var cells = new List<Cell>();
            foreach (var table in tables)
            {
                var options = new WorksheetOptions { FrozenRows = 1 };
                for (int c = 0; c < table.Headers.Count; c++)
                    options.Column(c + 1).Width = Math.Clamp(Math.Max(table.Headers[c].Length, table.Rows.Take(200).Select(r => c < r.Count ? r[c].Display.Length : 0).DefaultIfEmpty(0).Max()) + 2, 8, 60);
                if (table.Rows.Count > 0 && table.Headers.Count > 0)
                    options.AutoFilter = new AutoFilterOptions($"A1:{Column(table.Headers.Count)}{table.Rows.Count + 1}");
                await book.StartWorksheetAsync(SheetName(table.Name, used), options).ConfigureAwait(false);
                cells.Clear();
                cells.AddRange(table.Headers.Select(h => new Cell(h, bold)));
                await book.AddRowAsync(cells).ConfigureAwait(false);
                foreach (var row in table.Rows)
                {
                    cells.Clear();
                    foreach (var cell in row) cells.Add(Of(cell, percent, number, day, stamp));
                    await book.AddRowAsync(cells).ConfigureAwait(false);
                }
            }
            await book.FinishAsync().ConfigureAwait(false);
        }).GetAwaiter().GetResult();

    private static Cell Of(ReportCell c, StyleId percent, StyleId number, StyleId day, StyleId stamp) => c.Value switch
    {
        null => new Cell(),
        double d when !double.IsFinite(d) => new Cell(),
        double d => new Cell(d, c.Kind == CellKind.Rate ? percent : number),
        long l => new Cell((double)l, number),
        int i => new Cell(i, number),
        DateTime t => new Cell(t, t.TimeOfDay == TimeSpan.Zero ? day : stamp),
        var v => new Cell(v.ToString() ?? ""),
    };

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    internal static string SheetName(string name, HashSet<string> used)
    {
        var clean = new string(name.Select(ch => "[]:*?/\\".Contains(ch) ? '_' : ch).ToArray()).Trim('\'');
        if (clean.Length == 0) clean = "table";
        if (clean.Length > MaxSheetName) clean = clean[..MaxSheetName];
        var candidate = clean;
        for (int n = 2; !used.Add(candidate); n++)
        {
            var suffix = $" ({n})";
            candidate = clean[..Math.Min(clean.Length, MaxSheetName - suffix.Length)] + suffix;
        }
        return candidate;
    }

    private static string Column(int n)
    {
        var s = "";
        for (; n > 0; n = (n - 1) / 26) s = (char)('A' + (n - 1) % 26) + s;
        return s;
    }
}
