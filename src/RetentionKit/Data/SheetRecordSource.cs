using ExcelDataReader;

namespace RetentionKit.Data;

/// <summary>
/// One sheet of an Excel workbook (.xlsx, or .xls) as records, through ExcelDataReader. The header is the given row,
/// or the first row among the first 30 that is as wide as any and all text (titles and notes above a table are common
/// in exports); the line of a record is its row number in the sheet, as Excel shows it.
/// </summary>
internal sealed class SheetRecordSource : IRecordSource
{
    private const int HeaderSearchRows = 30;
    private readonly IExcelDataReader _reader;
    private readonly Queue<(long Row, object?[] Cells)> _ahead = new();
    private readonly string _source;
    private object?[] _cells = [];
    private string?[] _text;
    private long _row;
    private int _fieldCount;

    static SheetRecordSource()
    {
        // .xls stores text in the workbook's code page; .NET has only UTF encodings until the provider is registered.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
    }

    public SheetRecordSource(Stream stream, string source, string? sheet, int? headerRow, IReadOnlyList<string> tableSheets, string kind)
    {
        _source = source;
        try { _reader = ExcelReaderFactory.CreateReader(stream); }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException or ArgumentException or IOException)
        {
            throw new TransactionLoadException(source, $"the file looks like {kind} but cannot be read ({e.Message}): a copy cut short? Save it again from Excel, or as CSV (UTF-8).");
        }
        var names = new List<string>();
        do names.Add(_reader.Name); while (_reader.NextResult());
        _reader.Reset();
        // A workbook holding several tables names its sheets after them: take the one named like this table.
        bool byName = false;
        if (sheet is null && names.Count > 1 && names.FirstOrDefault(n => tableSheets.Any(t => string.Equals(n.Trim(), t, StringComparison.OrdinalIgnoreCase))) is { } named)
            (sheet, byName) = (named, true);
        if (sheet is not null)
        {
            int at = names.FindIndex(n => string.Equals(n, sheet, StringComparison.OrdinalIgnoreCase));
            if (at < 0) throw new TransactionLoadException(source, $"--sheet '{Echo.Value(sheet)}': the workbook has no such sheet; its sheets: {string.Join(", ", names.Select(n => $"'{Echo.Value(n)}'"))}.");
            for (int i = 0; i < at; i++) _reader.NextResult();
        }
        Sheet = _reader.Name;
        EstimatedRows = Math.Max(0, _reader.RowCount - 1);
        var otherSheets = names.Where(n => n != Sheet).ToList();
        Notes = new List<string>();
        if (byName) Notes.Add($"read sheet '{Sheet}', named like the table (--sheet NAME reads another).");
        else if (sheet is null && otherSheets.Count > 0)
            Notes.Add($"read the first sheet, '{Sheet}'; the workbook has {otherSheets.Count} more ({string.Join(", ", otherSheets.Take(5).Select(n => $"'{Echo.Value(n)}'"))}{(otherSheets.Count > 5 ? ", …" : "")}): --sheet NAME reads another.");

        var first = new List<(long Row, object?[] Cells)>();
        while (first.Count < (headerRow ?? HeaderSearchRows) && NextRow() is { } row) first.Add(row);
        if (first.Count == 0) throw new TransactionLoadException(source, $"sheet '{Sheet}' is empty; expected a header row and data rows.");
        int pick;
        if (headerRow is { } given)
        {
            pick = first.FindIndex(r => r.Row == given);
            if (pick < 0) throw new TransactionLoadException(source, $"--header-row {given}: sheet '{Sheet}' has only {first[^1].Row} rows.");
        }
        else
        {
            int widest = first.Max(r => Filled(r.Cells));
            pick = first.FindIndex(r => Filled(r.Cells) == widest && r.Cells.All(c => c is null or string));
            if (pick < 0) pick = first.FindIndex(r => Filled(r.Cells) > 0);
        }
        var header = first[pick];
        int width = header.Cells.Length;
        while (width > 0 && IsEmpty(header.Cells[width - 1])) width--;
        Headers = header.Cells.Take(width).Select(c => c is null ? "" : TypedCells.Text(c).Trim()).ToArray();
        HeaderRow = header.Row;
        if (header.Row > 1)
        {
            var above = first.Take(pick).Select(r => r.Cells.FirstOrDefault(c => !IsEmpty(c))).Where(c => c is not null).Select(c => TypedCells.Text(c!)).FirstOrDefault();
            Notes.Add($"the header is row {header.Row} of sheet '{Sheet}'{(headerRow is null ? " (the first row as wide as the table and all text)" : "")}; rows 1–{header.Row - 1} above it are not data{(above is null ? "" : $" (they begin '{Echo.Value(above)}')")}.");
        }
        foreach (var r in first.Skip(pick + 1)) _ahead.Enqueue(r);
        _text = new string?[Math.Max(width, 1)];
    }

    /// <summary>The sheet read.</summary>
    public string Sheet { get; }
    /// <summary>The sheet row holding the header.</summary>
    public long HeaderRow { get; }
    /// <summary>What the load report should say about the sheet and header chosen.</summary>
    public List<string> Notes { get; }
    public int EstimatedRows { get; }
    public IReadOnlyList<string> Headers { get; }
    public long Line { get; private set; }
    public long BlankLines { get; private set; }
    public int FieldCount => _fieldCount;
    public bool SerialDates => true;

    public bool HasTypedCells => true;

    public object? Typed(int i) => i < _cells.Length && _cells[i] is { } v and not string ? v : null;

    public ReadOnlySpan<char> Field(int i)
    {
        if (i >= _cells.Length || _cells[i] is not { } v) return default;
        return (_text[i] ??= TypedCells.Text(v)).AsSpan();
    }

    public ReadOnlySpan<char> Raw => TypedCells.Raw(this);

    public bool Read()
    {
        while (true)
        {
            var next = _ahead.Count > 0 ? _ahead.Dequeue() : NextRow();
            if (next is not { } row) return false;
            int filled = row.Cells.Length;
            while (filled > 0 && IsEmpty(row.Cells[filled - 1])) filled--;
            if (filled == 0) { BlankLines++; continue; }
            Line = row.Row;
            _cells = row.Cells;
            Array.Clear(_text);
            // A row is as wide as the header unless it has a value beyond it, which makes it a wrong field count.
            _fieldCount = Math.Max(filled, Headers.Count);
            if (_text.Length < _fieldCount) Array.Resize(ref _text, _fieldCount);
            return true;
        }
    }

    private (long Row, object?[] Cells)? NextRow()
    {
        bool ok;
        try { ok = _reader.Read(); }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or FormatException or IOException)
        {
            throw new TransactionLoadException(_source, $"sheet '{Sheet}' cannot be read past row {_row} ({e.Message}).", _row + 1);
        }
        if (!ok) return null;
        _row++;
        var cells = new object?[_reader.FieldCount];
        for (int i = 0; i < cells.Length; i++)
        {
            var v = _reader.GetValue(i);
            cells[i] = v is string s && s.Length == 0 ? null : v;
        }
        return (_row, cells);
    }

    private static bool IsEmpty(object? c) => c is null || c is string s && string.IsNullOrWhiteSpace(s);
    private static int Filled(object?[] cells) => cells.Count(c => !IsEmpty(c));

    public void Dispose() => _reader.Dispose();
}
