using Microsoft.Data.Analysis;

namespace RetentionKit;

/// <summary>Builds result tables column by column; results are shown as DataFrames, never computed through them.</summary>
internal sealed class FrameBuilder
{
    private readonly List<DataFrameColumn> _columns = new();

    public FrameBuilder Add(string name, IEnumerable<string?> values)
    {
        var list = values.ToList();
        var col = new StringDataFrameColumn(name, list.Count);
        for (int i = 0; i < list.Count; i++) col[i] = list[i];
        _columns.Add(col);
        return this;
    }

    public FrameBuilder Add(string name, IEnumerable<double> values) { _columns.Add(new DoubleDataFrameColumn(name, values)); return this; }
    public FrameBuilder Add(string name, IEnumerable<long> values) { _columns.Add(new Int64DataFrameColumn(name, values)); return this; }
    public FrameBuilder Add(string name, IEnumerable<int> values) { _columns.Add(new Int32DataFrameColumn(name, values)); return this; }
    public FrameBuilder Add(string name, IEnumerable<bool> values) { _columns.Add(new BooleanDataFrameColumn(name, values)); return this; }
    public FrameBuilder Add(string name, IEnumerable<DateTime> values) { _columns.Add(new PrimitiveDataFrameColumn<DateTime>(name, values)); return this; }
    public FrameBuilder Add(string name, IEnumerable<Rate> values) => Add(name, values.Select(r => r.Value));

    public DataFrame Build() => new(_columns);
}

/// <summary>Small numeric helpers shared by the metrics.</summary>
internal static class Stats
{
    /// <summary>Median of the values (sorts a copy); NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var copy = values.ToArray();
        Array.Sort(copy);
        int n = copy.Length;
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    public static double Median(List<double> values) => Median(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values));

    /// <summary>Median of integers (in place sort of the given buffer).</summary>
    public static double MedianInPlace(Span<int> values)
    {
        if (values.IsEmpty) return double.NaN;
        values.Sort();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
}
