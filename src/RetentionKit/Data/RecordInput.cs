using System.IO.Compression;

namespace RetentionKit.Data;

/// <summary>Where a table's rows come from and how to find them: a sheet and header row for workbooks, text otherwise.</summary>
internal sealed record SourceChoice(System.Text.Encoding? Encoding, char? Delimiter, string? Sheet, int? HeaderRow)
{
    /// <summary>For whitespace-separated text (CDNOW): the column names given the file's first characters, or null to read its header line.</summary>
    public Func<string, IReadOnlyList<string>?>? WhitespaceHeaders { get; init; }
    public bool Whitespace => WhitespaceHeaders is not null;
    /// <summary>Sheet names that mark a workbook's sheet as this table's when none is given (e.g. Invoices).</summary>
    public IReadOnlyList<string> TableSheets { get; init; } = [];
}

/// <summary>An opened source: its records, what kind of file it is, and what the report should say about it.</summary>
internal sealed record OpenedSource(IRecordSource Records, string Format, string Encoding, char Delimiter, int EstimatedRows, IReadOnlyList<string> Notes);

/// <summary>
/// Opens any file a table may come in, told apart by its first bytes rather than its name: an Excel workbook (.xlsx,
/// .xls), Parquet, a ZIP holding one CSV, else text (plain or gzip, see <see cref="TextInput"/>). Both loaders read
/// every kind through the records this returns, so every kind gets the same checks and the same report.
/// </summary>
internal static class RecordInput
{
    public static OpenedSource Open(Stream raw, string source, SourceChoice choice)
    {
        var magic = new byte[8];
        int got = ReadFully(raw, magic);
        if (got == 0) throw TransactionLoadException.Empty(source);
        var head = magic.AsSpan(0, got);
        bool zip = head.StartsWith("PK\u0003\u0004"u8), ole = head.StartsWith((byte[])[0xD0, 0xCF, 0x11, 0xE0]), parquet = head.StartsWith("PAR1"u8);
        bool gzip = got >= 2 && head[0] == 0x1F && head[1] == 0x8B;
        Stream stream;
        if (raw.CanSeek) { raw.Seek(-got, SeekOrigin.Current); stream = raw; }
        else stream = new TextInput.PrefixStream(magic[..got], raw);
        // Workbooks and Parquet are read by seeking (a ZIP's directory, Parquet's footer are at the end).
        if ((zip || ole || parquet) && !stream.CanSeek) stream = Buffer(stream);
        if (zip && !IsWorkbook(stream, source, out var single))
        {
            // A ZIP of one CSV (a common export) is read as that CSV.
            return Text(single!.Open(), $"{source} ({single.FullName})", choice, $"CSV text in a ZIP archive ({single.FullName})");
        }
        if (zip || ole)
        {
            NotForWorkbooks(source, choice);
            var sheet = new SheetRecordSource(stream, source, choice.Sheet, choice.HeaderRow, choice.TableSheets, zip ? "an Excel workbook (.xlsx)" : "an old Excel workbook (.xls)");
            string format = $"{(zip ? "Excel workbook (.xlsx)" : "Excel 97–2003 workbook (.xls)")}, sheet '{sheet.Sheet}', header on row {sheet.HeaderRow}";
            return new OpenedSource(sheet, format, "(stored in the workbook)", '\0', sheet.EstimatedRows, sheet.Notes);
        }
        if (parquet)
        {
            NotForWorkbooks(source, choice);
            if (choice.Sheet is not null) throw new TransactionLoadException(source, $"--sheet '{Echo.Value(choice.Sheet)}' was given, but the file is Parquet, which has no sheets.");
            if (choice.HeaderRow is not null) throw new TransactionLoadException(source, "--header-row was given, but the file is Parquet, whose column names are in its schema.");
            var p = new ParquetRecordSource(stream, source);
            return new OpenedSource(p, $"Parquet, {p.RowGroups:N0} row group{(p.RowGroups == 1 ? "" : "s")}", "(stored in the file)", '\0', p.EstimatedRows, []);
        }
        if (choice.Sheet is not null) throw new TransactionLoadException(source, $"--sheet '{Echo.Value(choice.Sheet)}' was given, but the file is text, which has no sheets; expected an Excel workbook.");
        return Text(stream, source, choice, gzip ? "gzip CSV text" : "CSV text");
    }

    private static void NotForWorkbooks(string source, SourceChoice choice)
    {
        if (choice.Whitespace) throw new TransactionLoadException(source, "the CDNOW preset reads whitespace-separated text; this file is a workbook or Parquet, whose columns are named: load it without --preset cdnow.");
    }

    private static OpenedSource Text(Stream stream, string source, SourceChoice choice, string format)
    {
        var (text, head, estimated, encoding, large) = TextInput.Open(stream, source, choice.Encoding);
        if (choice.HeaderRow is { } skip)
        {
            if (choice.Whitespace) throw new TransactionLoadException(source, "--header-row does not apply to the CDNOW preset, whose files have no header or a header on the first line.");
            for (int i = 1; i < skip; i++)
                if (text.ReadLine() is null) throw new TransactionLoadException(source, $"--header-row {skip}: the file has only {i - 1} lines.");
            head = string.Join('\n', head.Split('\n').Skip(skip - 1));
        }
        char delimiter = choice.Whitespace ? DelimiterSniffer.Whitespace : choice.Delimiter ?? DelimiterSniffer.Sniff(head);
        IRecordSource records = delimiter == DelimiterSniffer.Whitespace
            ? new WhitespaceRecordSource(text, choice.WhitespaceHeaders?.Invoke(head))
            : new CsvRecordSource(text, delimiter, source, choice.HeaderRow ?? 1);
        // Past the first 64 KB, decompression and splitting run on a second thread.
        if (large) records = new ReadAheadRecordSource(records);
        if (delimiter == DelimiterSniffer.Whitespace) format = format.Replace("CSV text", "whitespace-separated text", StringComparison.Ordinal);
        var notes = choice.HeaderRow is > 1 ? new[] { $"the header is line {choice.HeaderRow}; lines 1–{choice.HeaderRow - 1} above it are not data." } : [];
        return new OpenedSource(records, format, encoding, delimiter, estimated, notes);
    }

    /// <summary>An .xlsx is a ZIP with xl/workbook.xml; any other ZIP must hold exactly one text table to be read.</summary>
    private static bool IsWorkbook(Stream stream, string source, out ZipArchiveEntry? single)
    {
        single = null;
        ZipArchive zip;
        long start = stream.Position;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException e) { throw new TransactionLoadException(source, $"the file starts like a ZIP archive, as an Excel workbook (.xlsx) does, but is not a readable one ({e.Message}): a copy cut short? Save it again, or as CSV (UTF-8)."); }
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToList();
        if (entries.Any(e => e.FullName.Equals("xl/workbook.xml", StringComparison.OrdinalIgnoreCase)) || entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.OrdinalIgnoreCase)))
        {
            zip.Dispose();
            stream.Position = start;
            return true;
        }
        if (entries.Any(e => e.FullName == "content.xml") && entries.Any(e => e.FullName == "mimetype"))
            throw new TransactionLoadException(source, "the file is an OpenDocument spreadsheet (.ods); save it as .xlsx or as CSV (UTF-8) and load that.");
        var tables = entries.Where(e => e.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || e.Name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)).ToList();
        if (tables.Count == 1) { single = tables[0]; return false; }
        var listed = string.Join(", ", entries.Take(8).Select(e => $"'{Echo.Value(e.FullName)}'")) + (entries.Count > 8 ? $" and {entries.Count - 8:N0} more" : "");
        throw new TransactionLoadException(source, tables.Count == 0
            ? $"the file is a ZIP archive with no workbook or CSV in it (it holds {listed}); expected an Excel workbook, a CSV, or a ZIP of one CSV."
            : $"the file is a ZIP archive with {tables.Count} tables ({listed}); unzip it and load one of them.");
    }

    private static MemoryStream Buffer(Stream raw)
    {
        var copy = new MemoryStream();
        raw.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        int n = 0, r;
        while (n < buffer.Length && (r = s.Read(buffer[n..])) > 0) n += r;
        return n;
    }
}
