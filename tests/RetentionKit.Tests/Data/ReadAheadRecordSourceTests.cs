using System.Text;
using RetentionKit.Data;

namespace RetentionKit.Tests.Data;

/// <summary>Records split on a second thread arrive exactly as from the source itself: fields, lines, raw text, errors.</summary>
public class ReadAheadRecordSourceTests
{
    private static string Text(int rows, string? bad = null, int badAt = -1)
    {
        var sb = new StringBuilder("InvoiceNo,Description,Quantity,CustomerID\n");
        for (int i = 0; i < rows; i++)
        {
            if (i == badAt) { sb.Append(bad).Append('\n'); continue; }
            // Quoted fields, doubled quotes, a line break inside quotes, blank lines and a short row now and then.
            string name = (i % 7) switch { 0 => "\"A, quoted\"", 1 => "\"say \"\"hi\"\"\"", 2 => "\"two\nlines\"", _ => "plain" + i };
            sb.Append(536365 + i).Append(',').Append(name).Append(',').Append(i % 13 - 3).Append(',').Append(12000 + i % 97).Append('\n');
            if (i % 1000 == 999) sb.Append('\n');
            if (i % 1777 == 5) sb.Append("short,row\n");
        }
        return sb.ToString();
    }

    private static List<string> Drain(IRecordSource src, out Exception? error)
    {
        var seen = new List<string>();
        error = null;
        try
        {
            while (src.Read())
            {
                var fields = Enumerable.Range(0, src.FieldCount).Select(i => src.Field(i).ToString());
                seen.Add($"{src.Line}|{src.FieldCount}|{string.Join("¦", fields)}|{src.Raw.ToString()}|{src.RawHash}");
            }
            seen.Add($"blank {src.BlankLines}");
        }
        catch (TransactionLoadException e) { error = e; }
        return seen;
    }

    [Fact]
    public void Records_AreTheSourcesOwn()
    {
        string text = Text(30_000);
        var direct = Drain(new CsvRecordSource(new StringReader(text), ',', "t.csv"), out var e1);
        using var ahead = new ReadAheadRecordSource(new CsvRecordSource(new StringReader(text), ',', "t.csv"));
        var split = Drain(ahead, out var e2);
        Assert.Null(e1);
        Assert.Null(e2);
        Assert.True(direct.Count > 30_000);
        Assert.Equal(direct, split);
    }

    [Fact]
    public void AnError_ComesAfterTheRecordsBeforeIt_WithTheSameMessage()
    {
        string text = Text(20_000, "536999,\"never closed,1,12000", 15_000) + new string('x', 1 << 20);
        var direct = Drain(new CsvRecordSource(new StringReader(text), ',', "t.csv"), out var e1);
        using var ahead = new ReadAheadRecordSource(new CsvRecordSource(new StringReader(text), ',', "t.csv"));
        var split = Drain(ahead, out var e2);
        Assert.NotNull(e1);
        Assert.Equal(e1!.Message, e2!.Message);
        Assert.Equal(direct, split);
    }

    [Fact]
    public void Disposing_BeforeTheEnd_StopsTheReader()
    {
        var ahead = new ReadAheadRecordSource(new CsvRecordSource(new StringReader(Text(50_000)), ',', "t.csv"));
        Assert.True(ahead.Read());
        ahead.Dispose(); // a strict load stops at its first bad row: the second thread must not hang on a full queue
    }
}
