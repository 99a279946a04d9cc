using Parquet;
using Parquet.Schema;
using SpreadCheetah;
using SpreadCheetah.Styling;

namespace RetentionKit.Tests.Data;

/// <summary>
/// Writes the workbooks and Parquet files the loader tests read, with writers independent of the reader: SpreadCheetah
/// (.xlsx), NPOI (.xls), Parquet.Net's writer. A cell is a string, a number, a DateTime (a date cell) or null (empty).
/// </summary>
internal static class SheetFiles
{
    public static string TempPath(string name) => Path.Combine(Directory.CreateTempSubdirectory("sheets-").FullName, name);

    public static string Xlsx(string path, params (string Name, IEnumerable<object?[]> Rows)[] sheets)
    {
        Task.Run(async () =>
        {
            await using var file = File.Create(path);
            await using var book = await Spreadsheet.CreateNewAsync(file);
            var dateStyle = book.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd hh:mm") });
            foreach (var (name, rows) in sheets)
            {
                await book.StartWorksheetAsync(name);
                var cells = new List<Cell>();
                foreach (var row in rows)
                {
                    cells.Clear();
                    foreach (var v in row)
                        cells.Add(v switch
                        {
                            null => new Cell(),
                            string s => new Cell(s),
                            DateTime d => new Cell(d, dateStyle),
                            int i => new Cell(i),
                            long l => new Cell((double)l),
                            double x => new Cell(x),
                            bool b => new Cell(b),
                            _ => throw new ArgumentException($"no cell for {v.GetType()}"),
                        });
                    await book.AddRowAsync(cells);
                }
            }
            await book.FinishAsync();
        }).GetAwaiter().GetResult();
        return path;
    }

    public static string Xls(string path, string sheet, IEnumerable<object?[]> rows)
    {
        var book = new NPOI.HSSF.UserModel.HSSFWorkbook();
        var s = book.CreateSheet(sheet);
        var dates = book.CreateCellStyle();
        dates.DataFormat = book.CreateDataFormat().GetFormat("yyyy-mm-dd hh:mm");
        int r = 0;
        foreach (var row in rows)
        {
            var xr = s.CreateRow(r++);
            for (int c = 0; c < row.Length; c++)
            {
                if (row[c] is null) continue;
                var cell = xr.CreateCell(c);
                switch (row[c])
                {
                    case string t: cell.SetCellValue(t); break;
                    case DateTime d: cell.SetCellValue(d); cell.CellStyle = dates; break;
                    case int i: cell.SetCellValue(i); break;
                    case double x: cell.SetCellValue(x); break;
                    case var v: throw new ArgumentException($"no cell for {v!.GetType()}");
                }
            }
        }
        using var f = File.Create(path);
        book.Write(f);
        return path;
    }

    /// <summary>A Parquet column: its field and its values (string?[], double?[], DateTime?[], int?[]).</summary>
    public sealed record Column(DataField Field, Array Values);

    public static Column Text(string name, string?[] v) => new(new DataField<string>(name), v);
    public static Column Numbers(string name, double?[] v) => new(new DataField<double?>(name), v);
    public static Column Whole(string name, int?[] v) => new(new DataField<int?>(name), v);
    public static Column Dates(string name, DateTime?[] v) => new(new DataField<DateTime?>(name), v);

    /// <summary>Writes the columns in row groups of at most <paramref name="groupRows"/> rows.</summary>
    public static string ParquetFile(string path, int groupRows, params Column[] columns)
    {
        Task.Run(async () =>
        {
            var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
            await using var file = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(schema, file);
            int n = columns[0].Values.Length;
            for (int start = 0; start < n; start += groupRows)
            {
                int len = Math.Min(groupRows, n - start);
                using var g = writer.CreateRowGroup();
                foreach (var c in columns)
                    switch (c.Values)
                    {
                        case string?[] s: await g.WriteAsync(c.Field, s.AsSpan(start, len).ToArray()); break;
                        case double?[] d: await g.WriteAsync<double>(c.Field, d.AsMemory(start, len)); break;
                        case int?[] i: await g.WriteAsync<int>(c.Field, i.AsMemory(start, len)); break;
                        case DateTime?[] t: await g.WriteAsync<DateTime>(c.Field, t.AsMemory(start, len)); break;
                    }
            }
        }).GetAwaiter().GetResult();
        return path;
    }
}
