using Parquet;
using Parquet.Schema;

namespace RetentionKit.Data;

/// <summary>
/// A Parquet file as records, through Parquet.Net, one row group in memory at a time. Columns keep their types (dates
/// as dates, numbers as numbers); a record's line is its row number plus one, the line it has in the file's CSV export
/// with a header, so messages read the same for both.
/// </summary>
internal sealed class ParquetRecordSource : IRecordSource
{
    private readonly Stream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly string _source;
    private readonly string?[] _text;
    private object?[][] _columns = [];
    private int _group = -1, _index, _count;
    private long _rowsBefore;

    public ParquetRecordSource(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
        try { _reader = Sync(() => ParquetReader.CreateAsync(stream, leaveStreamOpen: true)); }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new TransactionLoadException(source, $"the file starts like Parquet but cannot be read ({e.Message}).");
        }
        _fields = _reader.Schema.GetDataFields();
        var nested = _fields.Where(f => f.MaxRepetitionLevel > 0 || f.Path.Length > 1).Select(f => f.Path.ToString()).ToList();
        if (nested.Count > 0)
            throw new TransactionLoadException(source, $"column {string.Join(", ", nested.Take(3).Select(n => $"'{Echo.Value(n)}'"))} is a list or a nested field; expected a flat table, one value per column and row.");
        Headers = _fields.Select(f => f.Name).ToArray();
        _text = new string?[_fields.Length];
        EstimatedRows = (int)Math.Min(_reader.Metadata?.NumRows ?? 0, 1 << 28);
    }

    public int EstimatedRows { get; }
    public int RowGroups => _reader.RowGroupCount;
    public IReadOnlyList<string> Headers { get; }
    public long Line => _rowsBefore + _index + 2;
    public long BlankLines => 0;
    public int FieldCount => _fields.Length;

    public bool HasTypedCells => true;

    public object? Typed(int i) => _columns[i][_index] is { } v and not string ? v : null;

    public ReadOnlySpan<char> Field(int i) => _columns[i][_index] is { } v ? (_text[i] ??= TypedCells.Text(v)).AsSpan() : default;

    public ReadOnlySpan<char> Raw => TypedCells.Raw(this);

    public bool Read()
    {
        Array.Clear(_text);
        if (_group >= 0 && _index + 1 < _count) { _index++; return true; }
        while (++_group < _reader.RowGroupCount)
        {
            _rowsBefore += _count;
            using var rg = _reader.OpenRowGroupReader(_group);
            _count = checked((int)rg.RowCount);
            try { _columns = _fields.Select(f => Sync(() => Column(rg, f, _count))).ToArray(); }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw new TransactionLoadException(_source, $"row group {_group + 1} of {_reader.RowGroupCount} cannot be read ({e.Message}).", _rowsBefore + 2);
            }
            _index = 0;
            if (_count > 0) return true;
        }
        return false;
    }

    private static async Task<object?[]> Column(ParquetRowGroupReader rg, DataField f, int n)
    {
        var t = f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var a = new string?[n];
            await rg.ReadAsync(f, a.AsMemory()).ConfigureAwait(false);
            return a;
        }
        if (t == typeof(byte[]) || t == typeof(ReadOnlyMemory<byte>))
        {
            var a = new byte[]?[n];
            await rg.ReadAsync(f, a.AsMemory()).ConfigureAwait(false);
            return a;
        }
        if (t == typeof(bool)) return await Values<bool>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(byte)) return await Values<byte>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(sbyte)) return await Values<sbyte>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(short)) return await Values<short>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(ushort)) return await Values<ushort>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(int)) return await Values<int>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(uint)) return await Values<uint>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(long)) return await Values<long>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(ulong)) return await Values<ulong>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(float)) return await Values<float>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(double)) return await Values<double>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(decimal)) return await Values<decimal>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(DateTime)) return await Values<DateTime>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(DateOnly)) return await Values<DateOnly>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(DateTimeOffset)) return await Values<DateTimeOffset>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(TimeSpan)) return await Values<TimeSpan>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(TimeOnly)) return await Values<TimeOnly>(rg, f, n).ConfigureAwait(false);
        if (t == typeof(Guid)) return await Values<Guid>(rg, f, n).ConfigureAwait(false);
        throw new NotSupportedException($"column '{f.Name}' has the type {t.Name}, which the loader does not read");
    }

    private static async Task<object?[]> Values<T>(ParquetRowGroupReader rg, DataField f, int n) where T : struct
    {
        var a = new T?[n];
        await rg.ReadAsync<T>(f, a.AsMemory()).ConfigureAwait(false);
        var boxed = new object?[n];
        for (int i = 0; i < n; i++) boxed[i] = a[i] is { } v ? v : null;
        return boxed;
    }

    // The loaders are synchronous; running the reader's tasks on the pool keeps a caller's synchronisation context
    // (a notebook kernel's, say) out of their continuations.
    private static T Sync<T>(Func<Task<T>> f) => Task.Run(f).GetAwaiter().GetResult();

    public void Dispose()
    {
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }
}
